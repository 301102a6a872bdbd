package io.keepwarm.ui;

import io.keepwarm.tracking.Tracking;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Recent opens, clicks and answers, with what each request said about itself: marketing's look at the raw signals. */
@Controller
class TrackingPage {

    private static final int LISTED = 200;

    private final Tracking tracking;

    TrackingPage(Tracking tracking) {
        this.tracking = tracking;
    }

    @GetMapping("/ui/tracking")
    String events(@RequestParam(required = false) Long contact, Model model) {
        model.addAttribute("contact", contact);
        model.addAttribute("events", tracking.latest(contact, LISTED));
        return "tracking";
    }
}
