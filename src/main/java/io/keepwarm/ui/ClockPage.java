package io.keepwarm.ui;

import io.keepwarm.platform.ClockWalk;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Settings, "Simulated clock" (ADMIN, only while the clock is simulated: 404 otherwise): moves the clock forward to
 * preview weeks of nurturing, walking the time between as {@link ClockWalk} does, and says what happened on the way.
 */
@Controller
class ClockPage {

    /** The moves offered as one click each, by what the button says. */
    static final Map<String, Duration> MOVES = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(
            Map.of("1 hour", Duration.ofHours(1), "1 day", Duration.ofDays(1), "1 week", Duration.ofDays(7),
                    "30 days", Duration.ofDays(30))));
    private static final List<String> ORDER = List.of("1 hour", "1 day", "1 week", "30 days");
    private static final long MOST_DAYS = ClockWalk.MOST_DAYS;

    private final ClockWalk walk;
    private final When when;

    ClockPage(ClockWalk walk, When when) {
        this.walk = walk;
        this.when = when;
    }

    record Done(String what, long count) {}

    @GetMapping("/ui/settings/clock")
    String page(Model model) {
        walk.simulated();
        model.addAttribute("section", "clock");
        model.addAttribute("moves", ORDER);
        return "settings-clock";
    }

    /** A one-click move ({@code move}: "1 week") or a free one ({@code amount} of {@code unit}: hours or days). */
    @PostMapping("/ui/settings/clock")
    String move(@RequestParam(required = false) String move, @RequestParam(required = false) String amount,
            @RequestParam(required = false) String unit, Model model, RedirectAttributes redirect) {
        walk.simulated();
        Duration by;
        try {
            by = duration(move, amount, unit);
        } catch (InvalidInputException wrong) {
            model.addAttribute("moveError", wrong.errors().getFirst().message());
            model.addAttribute("amount", amount);
            model.addAttribute("unit", unit);
            return page(model);
        }
        ClockWalk.Walked walked;
        try {
            walked = walk.forward(by);
        } catch (ConflictException busy) {
            model.addAttribute("moveError", "Another move of the clock is under way; wait for it to finish, then try"
                    + " again.");
            return page(model);
        }
        redirect.addFlashAttribute("movedFrom", when.said(walked.from()));
        redirect.addFlashAttribute("movedTo", when.said(walked.to()));
        redirect.addFlashAttribute("movedHours", walked.steps());
        redirect.addFlashAttribute("movedDone", walked.done().entrySet().stream()
                .map(e -> new Done(e.getKey(), e.getValue())).toList());
        return "redirect:/ui/settings/clock";
    }

    private static Duration duration(String move, String amount, String unit) {
        if (move != null && !move.isBlank()) {
            Duration chosen = MOVES.get(move);
            if (chosen == null) {
                throw InvalidInputException.field("move", "Choose one of the moves offered: " + String.join(", ", ORDER) + ".");
            }
            return chosen;
        }
        long count;
        try {
            count = Long.parseLong(amount == null ? "" : amount.strip());
        } catch (NumberFormatException notANumber) {
            throw InvalidInputException.field("amount", "Say how far to move the clock as a whole number of hours or days,"
                    + " such as 3 days.");
        }
        boolean hours = "hours".equals(unit);
        if (count < 1 || count > (hours ? MOST_DAYS * 24 : MOST_DAYS)) {
            throw InvalidInputException.field("amount", "Move the clock forward by 1 hour up to " + MOST_DAYS + " days.");
        }
        return hours ? Duration.ofHours(count) : Duration.ofDays(count);
    }
}
