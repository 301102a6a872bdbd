package io.keepwarm.ui;

import io.keepwarm.handoff.Territories;
import io.keepwarm.handoff.Territory;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A sales manager's team, as HubSpot-like tools keep it: their reps, each marked away or back and given a share of the
 * round-robin here, and the territories (who covers what), read only; roles, managers and territories' rules are the
 * admin's (Settings). Anyone may read the territories here; only a manager has reps to change.
 */
@Controller
class TeamPage {

    /** A territory as the page lists it: what it covers, and whose it is. */
    record Covered(Territory territory, String rep) {}

    private final Users users;
    private final Territories territories;
    private final ActorNames actorNames;

    TeamPage(Users users, Territories territories, ActorNames actorNames) {
        this.users = users;
        this.territories = territories;
        this.actorNames = actorNames;
    }

    @GetMapping("/ui/team")
    String team(Model model) {
        return team(null, Map.of(), model);
    }

    /** Marks one of the manager's reps away or back and sets their weight (Users refuses anything else). */
    @PostMapping("/ui/team/{id}")
    String change(@PathVariable long id, @RequestParam(defaultValue = "false") boolean away,
            @RequestParam(defaultValue = "") String weight, Model model, RedirectAttributes redirect) {
        Map<String, String> errors = new LinkedHashMap<>();
        Integer share = null;
        try {
            share = Integer.valueOf(weight.strip());
        } catch (NumberFormatException e) {
            errors.put("weight", "must be a whole number from 0 to 100, such as 1, not '" + weight + "'");
        }
        if (errors.isEmpty()) {
            try {
                users.change(id, new Users.UserChange(null, null, null, null, null, away, share, null));
                redirect.addFlashAttribute("saved", true);
                return "redirect:/ui/team";
            } catch (InvalidInputException e) {
                errors.putAll(FormErrors.of(e));
            } catch (ForbiddenException e) {
                errors.put("", e.getMessage());
            }
        }
        return team(id, errors, model);
    }

    private String team(Long rowId, Map<String, String> errors, Model model) {
        User me = users.current().orElse(null);
        List<User> reps = me == null ? List.of() : users.managedBy(me.id());
        model.addAttribute("reps", reps);
        model.addAttribute("rowId", rowId);
        model.addAttribute("errors", errors);
        Map<Long, String> names = new LinkedHashMap<>();
        model.addAttribute("territories", territories.list().stream().map(t -> new Covered(t, names.computeIfAbsent(
                t.repId(), id -> users.find(id).map(User::shownName).orElseGet(() -> actorNames.goneUser(id))))).toList());
        return "team";
    }
}
