package io.keepwarm.tracking.web;

import io.keepwarm.contact.Contacts;
import io.keepwarm.platform.Languages;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Makes a prospect's page speak the contact's language: their own where the pages have words in it, else the
 * account's default (where they have), else English; never the browser's. The pages and their "link not found" page
 * alike.
 */
@Component
class ProspectSpeech {

    private final Contacts contacts;
    private final Languages languages;

    ProspectSpeech(Contacts contacts, Languages languages) {
        this.contacts = contacts;
        this.languages = languages;
    }

    /** The locale of this request's page for the contact; null for no contact (erased, unknown): the account's. */
    Locale speak(Long contact, HttpServletRequest request) {
        String own = contact == null ? null : contacts.ownersAndZones(List.of(contact)).stream().findFirst()
                .map(Contacts.OwnerAndZone::language).orElse(null);
        Locale locale = ProspectLocales.of(own != null && ProspectLocales.SPOKEN.contains(own) ? own
                : languages.accountLanguage());
        ProspectLocales.speak(request, locale);
        return locale;
    }
}
