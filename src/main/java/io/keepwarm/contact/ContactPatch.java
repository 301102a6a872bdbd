package io.keepwarm.contact;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A partial change (JSON merge patch): an absent field stays as it is, a field sent as null is cleared, a
 * value replaces. Attributes sent as null are removed.
 */
public record ContactPatch(
        Optional<String> email,
        Optional<String> firstName,
        Optional<String> lastName,
        Optional<String> phone,
        Optional<String> title,
        Optional<ContactInput.CompanyInput> company,
        Optional<String> country,
        Optional<String> region,
        Optional<String> city,
        Optional<String> timeZone,
        Optional<String> source,
        Optional<String> owner,
        Optional<String> validity,
        Optional<String> preferredChannel,
        Optional<String> language,
        Optional<Set<String>> doNotContact,
        Map<String, String> attributes) {}
