package io.keepwarm.tracking.web;

import io.keepwarm.tracking.internal.TrackingStore;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The admin page of recent opens, clicks and answers, with what each request said about itself. */
@Controller
class TrackingPage {

    private final TrackingStore store;

    TrackingPage(TrackingStore store) {
        this.store = store;
    }

    @GetMapping("/ui/tracking")
    String events(@RequestParam(required = false) Long contact, Model model) {
        model.addAttribute("contact", contact);
        model.addAttribute("events", store.latest(contact, 200));
        return "tracking/events";
    }
}
