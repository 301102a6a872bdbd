package io.keepwarm.ui;

import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.identity.Users;
import io.keepwarm.segment.SegmentMember;
import io.keepwarm.segment.Segments;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * A rep's day. Today: the marketing-qualified contacts the rep owns, the leads waiting for them. The task queue,
 * hand-offs to accept or reject and call outcomes come with the hand-off module.
 */
@Controller
class MyDayPage {

    private static final int SHOWN = 50;

    private final Users users;
    private final Segments segments;
    private final Contacts contacts;

    MyDayPage(Users users, Segments segments, Contacts contacts) {
        this.users = users;
        this.segments = segments;
        this.contacts = contacts;
    }

    @GetMapping("/ui/my-day")
    String myDay(Authentication authentication, Model model) {
        List<Contact> ready = users.findByUsername(authentication.getName())
                .map(me -> segments.matching(segments.parse("owner = " + me.id() + " and stage = MQL"), null, SHOWN)
                        .items().stream().map(SegmentMember::contactId).toList())
                .map(ids -> contacts.getAll(ids).values().stream()
                        .sorted(java.util.Comparator.comparing(Contact::id)).toList())
                .orElse(List.of());
        model.addAttribute("ready", ready);
        return "my-day";
    }
}
