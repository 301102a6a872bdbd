package io.keepwarm.ui;

import io.keepwarm.contact.Contacts;
import io.keepwarm.tracking.TrackedRequest;
import io.keepwarm.tracking.Tracking;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Recent opens, clicks and answers, with what each request said about itself: marketing's look at the raw signals. */
@Controller
class TrackingPage {

    private static final int LISTED = 200;

    private final Tracking tracking;
    private final Contacts contacts;

    TrackingPage(Tracking tracking, Contacts contacts) {
        this.tracking = tracking;
        this.contacts = contacts;
    }

    @GetMapping("/ui/tracking")
    String events(@RequestParam(required = false) Long contact, Model model) {
        List<TrackedRequest> events = tracking.latest(contact, LISTED);
        Map<Long, String> names = new HashMap<>();
        contacts.getAll(events.stream().map(TrackedRequest::contactId).distinct().toList())
                .forEach((id, c) -> names.put(id, ContactPages.name(c)));
        model.addAttribute("contact", contact);
        model.addAttribute("events", events);
        model.addAttribute("names", names);
        return "tracking";
    }
}
