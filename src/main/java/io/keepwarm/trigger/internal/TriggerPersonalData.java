package io.keepwarm.trigger.internal;

import io.keepwarm.contact.PersonalDataSection;
import io.keepwarm.trigger.Firing;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** What triggers did about a contact (and why: the cue, a note's keyword, a page visited) belongs in its export. */
@Component
class TriggerPersonalData implements PersonalDataSection {

    private final FiringStore firings;

    TriggerPersonalData(FiringStore firings) {
        this.firings = firings;
    }

    @Override
    public String name() {
        return "triggerFirings";
    }

    @Override
    public Object of(long contactId) {
        List<Firing> all = new ArrayList<>();
        String cursor = null;
        do {
            var page = firings.ofContact(contactId, cursor, 500);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }
}
