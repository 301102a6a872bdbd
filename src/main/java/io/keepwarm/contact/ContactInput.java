package io.keepwarm.contact;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;

/**
 * A contact as it arrives from outside (API body, CSV row, vCard), not yet checked. Values stay text so every
 * source gets the same clear message for a bad one. A null field leaves the stored value as it is.
 *
 * @param owner a SALES user's id, username, email or display name
 * @param language the language the contact reads, as an ISO 639-1 code ("de"; "DE" is taken as "de")
 * @param attributes custom attribute values by attribute key
 * @param tags tags to add
 * @param consents consent statements; each needs a source, or it is refused
 */
public record ContactInput(
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
        String source,
        String owner,
        String validity,
        String preferredChannel,
        String language,
        Map<String, String> attributes,
        List<String> tags,
        List<ConsentInput> consents) {

    public ContactInput {
        attributes = attributes == null ? Map.of() : attributes;
        tags = tags == null ? List.of() : tags;
        consents = consents == null ? List.of() : consents;
    }

    /** Just an address: the smallest contact there is. */
    public static ContactInput ofEmail(String email) {
        return new ContactInput(email, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    /** The company a contact works for. */
    public record CompanyInput(String name, String domain, String industry, String size) {}

    /**
     * A consent statement: the state on a channel, and where it came from.
     *
     * @param notGranted a sheet's "no": UNKNOWN, yet no change for a person who withdrew, as they said no already.
     *     Only an import says it; the API states what it means, so its body is read without it.
     */
    public record ConsentInput(String channel, String state, String source, @JsonIgnore boolean notGranted) {

        @JsonCreator
        public ConsentInput(String channel, String state, String source) {
            this(channel, state, source, false);
        }
    }
}
