package io.keepwarm.contact;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A person we may nurture, as the API shows them.
 *
 * @param language the language they read (ISO 639-1, "de"), or null for none: the account's default then applies
 */
public record Contact(
        long id,
        String email,
        String firstName,
        String lastName,
        String phone,
        String title,
        Company company,
        String country,
        String region,
        String city,
        String timeZone,
        ContactSource source,
        Long ownerId,
        Validity validity,
        Channel preferredChannel,
        String language,
        Set<Channel> doNotContact,
        List<String> tags,
        Map<String, Object> attributes,
        Map<Channel, ConsentState> consent,
        Instant createdAt,
        Instant updatedAt) {

    /** How people name the contact: first and last name, or the address when there is no name. */
    public String name() {
        String name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).strip();
        return name.isEmpty() ? email : name;
    }

    /** The company a contact belongs to. */
    public record Company(long id, String name, String domain, String industry, String size) {}
}
