package io.keepwarm.contact.web;

import io.keepwarm.contact.Contact;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A contact's body as a write takes it, from one that may be a GET's answer sent back changed or not: a contact is
 * shown with {@code ownerId} and written with {@code owner}, and shown with members that are written elsewhere, so a
 * client that sent back what it read was refused. Here the members Keepwarm sets (id, times, the company's id) are
 * dropped; {@code ownerId} is read as the owner; and the members changed at their own addresses (tags and consent;
 * in an upsert also doNotContact) are dropped when they say what is stored, and refused, naming where they are
 * changed, when they would change it.
 */
final class ContactAsRead {

    private static final Set<String> SET_BY_KEEPWARM = Set.of("id", "createdAt", "updatedAt");

    private ContactAsRead() {}

    /**
     * A merge patch of {@code current}; its mistakes are added to {@code errors}, to be answered with those of the rest
     * of the patch ({@link PatchReader}) in one problem.
     */
    static JsonNode forPatch(JsonNode body, Contact current, List<FieldError> errors) {
        ObjectNode written = common(body, current, errors);
        if (written == null) {
            return body;
        }
        same(written, "tags", current.tags(), "is changed at /api/v1/contacts/{id}/tags; send the tags as read, or"
                + " leave them out", errors);
        if (written.get("attributes") != null && written.get("attributes").isNull()) {
            // A merge patch's null removes the member: here every attribute value the contact holds.
            ObjectNode removed = written.putObject("attributes");
            current.attributes().keySet().forEach(removed::putNull);
        }
        return written;
    }

    /**
     * An upsert by email, of {@code current} when a contact has that email, else of a new one; its mistakes are added to
     * {@code errors}, to be answered with those of the rest of the body in one problem.
     */
    static JsonNode forUpsert(JsonNode body, Contact current, List<FieldError> errors) {
        ObjectNode written = common(body, current, errors);
        if (written == null) {
            return body;
        }
        same(written, "doNotContact", current == null ? List.of() : current.doNotContact(), "is changed with PATCH"
                + " /api/v1/contacts/{id}; send it as read, or leave it out", errors);
        return written;
    }

    private static ObjectNode common(JsonNode body, Contact current, List<FieldError> errors) {
        if (body == null || !body.isObject()) {
            return null;
        }
        ObjectNode written = ((ObjectNode) body).deepCopy();
        written.remove(SET_BY_KEEPWARM);
        if (written.get("company") instanceof ObjectNode company) {
            company.remove("id");
        }
        owner(written, current, errors);
        same(written, "consent", current == null ? java.util.Map.of() : current.consent(), "is recorded, with where"
                + " it came from, at /api/v1/contacts/{id}/consents (or as \"consents\" in an upsert); send it as"
                + " read, or leave it out", errors);
        return written;
    }

    /**
     * {@code ownerId}, as a contact is shown, read as {@code owner}, which also takes a rep's name or email. Beside an
     * {@code owner}, an {@code ownerId} that is the owner as read is the stale half of an edit and gives way.
     */
    private static void owner(ObjectNode written, Contact current, List<FieldError> errors) {
        JsonNode id = written.remove("ownerId");
        if (id == null) {
            return;
        }
        if (!id.isNull() && !id.isIntegralNumber() && !(id.isString() && id.asString().strip().matches("\\d+"))) {
            errors.add(new FieldError("ownerId", "must be a SALES user's id (a whole number) or null; to name the"
                    + " owner by username, email or name send \"owner\""));
            return;
        }
        String given = id.isNull() ? null : id.asString().strip();
        JsonNode owner = written.get("owner");
        if (owner == null) {
            written.put("owner", given);
            return;
        }
        boolean asRead = current != null && java.util.Objects.equals(given,
                current.ownerId() == null ? null : String.valueOf(current.ownerId()));
        if (!asRead && !java.util.Objects.equals(given, owner.isNull() ? null : owner.asString().strip())) {
            errors.add(new FieldError("ownerId", "names another owner than \"owner\"; send one of them"));
        }
    }

    /** A member written elsewhere: dropped when it says what is stored, refused when it differs. */
    private static void same(ObjectNode written, String member, Object stored, String elsewhere,
            List<FieldError> errors) {
        JsonNode given = written.remove(member);
        // Of another shape ("tags": "vip") it says no words, which compared as no tags: never what was read.
        boolean asShown = given != null && (stored instanceof java.util.Map<?, ?> ? given.isObject() : given.isArray());
        if (given != null && !given.isNull() && (!asShown || !words(given).equals(words(stored)))) {
            errors.add(new FieldError(member, elsewhere));
        }
    }

    /** The values of a list or map (a map's entries as key=value), in one case, for comparing what was read. */
    private static Set<String> words(Object value) {
        Set<String> words = new TreeSet<>();
        if (value instanceof JsonNode node && node.isObject()) {
            node.properties().forEach(e -> words.add(e.getKey() + "=" + e.getValue().asString()));
        } else if (value instanceof JsonNode node) {
            node.forEach(v -> words.add(v.asString()));
        } else if (value instanceof java.util.Map<?, ?> map) {
            map.forEach((k, v) -> words.add(k + "=" + v));
        } else if (value instanceof java.util.Collection<?> list) {
            list.forEach(v -> words.add(String.valueOf(v)));
        }
        return words.stream().map(w -> w.toUpperCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Refuses the contact if {@code errors} has any mistake, naming them all. */
    static void checked(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The contact cannot be read: " + errors.stream()
                    .map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; ")), errors);
        }
    }
}
