package io.keepwarm.contact.internal;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.ContactInput.CompanyInput;
import io.keepwarm.contact.ContactSource;
import io.keepwarm.contact.Validity;
import io.keepwarm.platform.Regions;
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
        String language,
        Map<String, AttributeValue> attributes,
        Set<String> tags,
        List<Consent> consents) {

    /** The region as segment rules compare it (kept as contacts.region_key), read in the input's country. */
    String regionKey() {
        return Regions.key(country, region);
    }

    /** This input with a later one for the same address laid over it: its given fields win, tags add up. */
    ValidContact then(ValidContact later) {
        Map<String, AttributeValue> mergedAttributes = new java.util.LinkedHashMap<>(attributes);
        mergedAttributes.putAll(later.attributes);
        Set<String> mergedTags = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        mergedTags.addAll(tags);
        mergedTags.addAll(later.tags);
        List<Consent> mergedConsents = new java.util.ArrayList<>(consents);
        mergedConsents.addAll(later.consents);
        return new ValidContact(email, or(later.firstName, firstName), or(later.lastName, lastName),
                or(later.phone, phone), or(later.title, title), or(later.company, company),
                or(later.country, country), or(later.region, region), or(later.city, city),
                or(later.timeZone, timeZone), or(later.source, source), or(later.ownerId, ownerId),
                or(later.validity, validity), or(later.preferredChannel, preferredChannel),
                or(later.language, language), mergedAttributes,
                new java.util.LinkedHashSet<>(mergedTags), mergedConsents);
    }

    /** This input with its consent statements backed by the evidence of where it was read. */
    ValidContact evidencedBy(Consents.Evidence evidence) {
        if (consents.isEmpty()) {
            return this;
        }
        List<Consent> evidenced = consents.stream()
                .map(c -> new Consent(c.channel(), c.state(), c.source(), evidence, c.notGranted())).toList();
        return new ValidContact(email, firstName, lastName, phone, title, company, country, region, city, timeZone,
                source, ownerId, validity, preferredChannel, language, attributes, tags, evidenced);
    }

    /** This input working for the company given instead. */
    ValidContact withCompany(CompanyInput other) {
        return new ValidContact(email, firstName, lastName, phone, title, other, country, region, city, timeZone,
                source, ownerId, validity, preferredChannel, language, attributes, tags, consents);
    }

    private static <T> T or(T later, T earlier) {
        return later != null ? later : earlier;
    }

    /**
     * A consent statement with its source, and the evidence of where it was read (null when none).
     *
     * @param notGranted a sheet's "no" (UNKNOWN): no change where consent is withdrawn, as it says no already
     */
    public record Consent(Channel channel, ConsentState state, String source, Consents.Evidence evidence,
            boolean notGranted) {

        /** Whether, on a channel in this state, this statement changes nothing. */
        boolean restates(ConsentState current) {
            return current == state || (notGranted && current == ConsentState.WITHDRAWN);
        }
    }
}
