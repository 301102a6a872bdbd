package io.keepwarm.contact.internal;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.ContactInput.CompanyInput;
import io.keepwarm.contact.ContactSource;
import io.keepwarm.contact.Validity;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A contact input that passed every check, normalised; null fields leave stored values alone. */
public record ValidContact(
        String email,
        String firstName,
        String lastName,
        String phone,
        String title,
        CompanyInput company,
        String country,
        String region,
        String city,
        String timeZone,
        ContactSource source,
        Long ownerId,
        Validity validity,
        Channel preferredChannel,
        Map<String, AttributeValue> attributes,
        Set<String> tags,
        List<Consent> consents) {

    /** A consent statement with its source. */
    public record Consent(Channel channel, ConsentState state, String source) {}
}
