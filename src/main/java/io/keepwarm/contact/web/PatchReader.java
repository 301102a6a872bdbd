package io.keepwarm.contact.web;

import io.keepwarm.contact.ContactInput.CompanyInput;
import io.keepwarm.contact.ContactPatch;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a JSON merge patch (RFC 7396) into a {@link ContactPatch}. Jackson cannot tell an absent field from a
 * null one in a record, and a merge patch lives on that difference, so the tree is read by hand. A blank text is
 * refused, in every field, the company's and attributes' included: null clears, and "" meant clear here but "not
 * given" when creating or updating by email, so a client that sends it means one or the other and is told which to send.
 */
final class PatchReader {

    private static final Set<String> TEXT_FIELDS = Set.of("email", "firstName", "lastName", "phone", "title",
            "country", "region", "city", "timeZone", "source", "owner", "validity", "preferredChannel",
            "language");
    private static final Set<String> COMPANY_FIELDS = Set.of("name", "domain", "industry", "size");
    /** Fields a contact always has: null does not clear them either (the patcher refuses it). */
    private static final Set<String> REQUIRED = Set.of("email", "timeZone", "source", "validity");
    private static final String BLANK = "is blank; send null to clear it, or leave it out to keep it";

    private PatchReader() {}

    /** @param earlier mistakes already found in the body ({@link ContactAsRead}), answered with these in one problem */
    static ContactPatch read(JsonNode body, List<FieldError> earlier) {
        if (body == null || !body.isObject()) {
            throw InvalidInputException.field("body", "must be a JSON object of the fields to change");
        }
        List<FieldError> errors = new ArrayList<>(earlier);
        for (String name : body.propertyNames()) {
            if (!TEXT_FIELDS.contains(name) && !Set.of("company", "doNotContact", "attributes").contains(name)) {
                errors.add(new FieldError(name, "is not a field of a contact"));
            }
        }
        ContactPatch patch = new ContactPatch(text(body, "email", errors), text(body, "firstName", errors),
                text(body, "lastName", errors), text(body, "phone", errors), text(body, "title", errors),
                company(body, errors), text(body, "country", errors), text(body, "region", errors),
                text(body, "city", errors), text(body, "timeZone", errors), text(body, "source", errors),
                text(body, "owner", errors), text(body, "validity", errors), text(body, "preferredChannel", errors),
                text(body, "language", errors), doNotContact(body, errors), attributes(body, errors));
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The patch cannot be read; nothing was changed", errors);
        }
        return patch;
    }

    private static Optional<String> text(JsonNode body, String field, List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null) {
            return null;
        }
        if (node.isNull()) {
            return Optional.empty();
        }
        if (!node.isValueNode()) {
            errors.add(new FieldError(field, "must be text or null"));
            return null;
        }
        if (node.asString().isBlank()) {
            errors.add(new FieldError(field, REQUIRED.contains(field) ? "is blank; it cannot be cleared" : BLANK));
            return null;
        }
        return Optional.of(node.asString());
    }

    private static Optional<CompanyInput> company(JsonNode body, List<FieldError> errors) {
        JsonNode node = body.get("company");
        if (node == null) {
            return null;
        }
        if (node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            errors.add(new FieldError("company", "must be an object with name, domain, industry and size, or null"));
            return null;
        }
        for (String name : node.propertyNames()) {
            if (!COMPANY_FIELDS.contains(name)) {
                errors.add(new FieldError("company." + name, "is not a field of a company"));
            }
        }
        String name = value(node, "name", errors);
        if (name == null && (node.get("name") == null || node.get("name").isNull())) {
            // Without a name the checks read no company, which cleared the contact's without a word.
            errors.add(new FieldError("company.name", "is required: a company is known by its name; to remove the"
                    + " contact's company send \"company\": null"));
        }
        return Optional.of(new CompanyInput(name, value(node, "domain", errors), value(node, "industry", errors),
                value(node, "size", errors)));
    }

    private static Optional<Set<String>> doNotContact(JsonNode body, List<FieldError> errors) {
        JsonNode node = body.get("doNotContact");
        if (node == null) {
            return null;
        }
        if (node.isNull()) {
            return Optional.empty();
        }
        if (!node.isArray()) {
            errors.add(new FieldError("doNotContact", "must be a list of channels, e.g. [\"EMAIL\", \"PHONE\"]"));
            return null;
        }
        Set<String> channels = new LinkedHashSet<>();
        for (JsonNode channel : node) {
            if (!channel.isString()) {
                errors.add(new FieldError("doNotContact", "must list channels as text, e.g. [\"EMAIL\"]"));
                return null;
            }
            channels.add(channel.asString());
        }
        return Optional.of(channels);
    }

    private static Map<String, String> attributes(JsonNode body, List<FieldError> errors) {
        JsonNode node = body.get("attributes");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("attributes", "must be an object from attribute key to value (null removes)"));
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (var entry : node.properties()) {
            JsonNode value = entry.getValue();
            if (!value.isValueNode()) {
                errors.add(new FieldError("attributes." + entry.getKey(), "must be a single value or null"));
            } else if (!value.isNull() && value.asString().isBlank()) {
                errors.add(new FieldError("attributes." + entry.getKey(), "is blank; send null to remove it"));
            } else {
                values.put(entry.getKey(), value.isNull() ? null : value.asString());
            }
        }
        return values;
    }

    private static String value(JsonNode node, String field, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value != null && !value.isValueNode()) {
            errors.add(new FieldError("company." + field, "must be text or null"));
            return null;
        }
        if (value != null && !value.isNull() && value.asString().isBlank()) {
            errors.add(new FieldError("company." + field, field.equals("name") ? "is blank; to remove the contact's"
                    + " company send \"company\": null" : "is blank; leave it out (a patch fills a company's missing details"
                    + " and clears none)"));
            return null;
        }
        return value == null || value.isNull() ? null : value.asString();
    }
}
