package io.keepwarm.contact;

import org.springframework.context.ApplicationEventPublisher;

import io.keepwarm.platform.Timestamps;
import io.keepwarm.contact.internal.AttributeValue;
import io.keepwarm.contact.internal.Companies;
import io.keepwarm.contact.internal.ContactRow;
import io.keepwarm.contact.internal.ContactValidator;
import io.keepwarm.contact.internal.Suppressions;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.contact.internal.ValidContact;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Applies a merge patch to one contact: checks every given value, then writes the row in one statement. */
@Component
class ContactPatcher {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Companies companies;
    private final Suppressions suppressions;
    private final Clock clock;

    ContactPatcher(JdbcClient jdbc, Companies companies, Suppressions suppressions, Clock clock,
            ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.companies = companies;
        this.suppressions = suppressions;
        this.clock = clock;
    }

    /**
     * Returns the changed fields with their new values; empty when the patch changed nothing. {@code allowed} sees the
     * row before and after, once every value is checked and before anything is written, and refuses by throwing.
     */
    Map<String, Object> apply(ContactRow row, ContactPatch patch, ContactValidator validator,
            BiConsumer<ContactRow, ContactRow> allowed) {
        List<FieldError> errors = new ArrayList<>();
        mustNotClear("email", patch.email(), errors);
        mustNotClear("timeZone", patch.timeZone(), errors);
        mustNotClear("source", patch.source(), errors);
        mustNotClear("validity", patch.validity(), errors);
        Map<String, String> attributeValues = new HashMap<>();
        if (patch.attributes() != null) {
            patch.attributes().forEach((k, v) -> {
                if (v != null) {
                    attributeValues.put(k, v);
                }
            });
        }
        ContactInput given = new ContactInput(value(patch.email()).orElse(row.email()), value(patch.firstName()).orElse(null),
                value(patch.lastName()).orElse(null), value(patch.phone()).orElse(null), value(patch.title()).orElse(null),
                value(patch.company()).orElse(null), value(patch.country()).orElse(null), value(patch.region()).orElse(null),
                value(patch.city()).orElse(null), value(patch.timeZone()).orElse(null), value(patch.source()).orElse(null),
                value(patch.owner()).orElse(null), value(patch.validity()).orElse(null),
                value(patch.preferredChannel()).orElse(null), value(patch.language()).orElse(null), attributeValues,
                List.of(), List.of());
        ValidContact valid = null;
        switch (validator.check(given)) {
            case ContactValidator.Result.Valid v -> valid = v.contact();
            case ContactValidator.Result.Invalid invalid -> errors.addAll(invalid.errors());
        }
        Set<Channel> doNotContact = doNotContact(patch, errors);
        if (patch.attributes() != null) {
            patch.attributes().forEach((key, value) -> {
                if (value == null && jdbc.sql("SELECT COUNT(*) FROM attribute_definitions WHERE attr_key = ?")
                        .param(key).query(Long.class).single() == 0) {
                    errors.add(new FieldError("attributes." + key, "is not a defined attribute"));
                }
            });
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The change breaks rules; nothing was changed", errors);
        }
        ContactRow next = next(row, patch, valid, doNotContact).placedSince(row);
        allowed.accept(row, next);
        if (!valid.email().equals(row.email()) && !suppressions.suppressed(List.of(valid.email())).isEmpty()) {
            throw new ConflictException(valid.email() + " is on the suppression list (the person was erased or asked"
                    + " never to be contacted) and cannot be given to a contact");
        }
        String email = valid.email();
        if (!email.equals(row.email())) {
            // The unique index would refuse it too, but only as "a duplicate": say whose address it is.
            jdbc.sql("SELECT id FROM contacts WHERE email = ? AND id <> ?").param(email).param(row.id())
                    .query(Long.class).optional().ifPresent(holder -> {
                        throw new ConflictException("Contact " + holder + " already has the address " + email
                                + "; if the two are one person, merge them (POST /api/v1/contacts/merge). Nothing was"
                                + " changed", Map.of("contactId", holder));
                    });
        }
        Map<String, Object> changes = diff(row, next);
        changes.putAll(writeAttributes(row.id(), patch.attributes(), valid.attributes()));
        if (!changes.isEmpty()) {
            write(next);
            events.publishEvent(ContactsChanged.of(row.id()));
            if (changes.containsKey("ownerId")) {
                events.publishEvent(OwnersChanged.of(row.id(), row.ownerId(), next.ownerId()));
            }
        }
        return changes;
    }

    private ContactRow next(ContactRow row, ContactPatch p, ValidContact v, Set<Channel> dnc) {
        Long companyId = p.company() == null ? row.companyId()
                : v.company() == null ? null
                : companies.resolve(List.of(v.company())).get(Companies.key(v.company().name()));
        return new ContactRow(row.id(), v.email(), pick(p.firstName(), v.firstName(), row.firstName()),
                pick(p.lastName(), v.lastName(), row.lastName()), pick(p.phone(), v.phone(), row.phone()),
                pick(p.title(), v.title(), row.title()), companyId, pick(p.country(), v.country(), row.country()),
                pick(p.region(), v.region(), row.region()), pick(p.city(), v.city(), row.city()),
                pick(p.timeZone(), v.timeZone(), row.timeZone()),
                pick(p.source(), v.source() == null ? null : v.source().name(), row.source()),
                pick(p.owner(), v.ownerId(), row.ownerId()),
                pick(p.validity(), v.validity() == null ? null : v.validity().name(), row.validity()),
                pick(p.preferredChannel(), v.preferredChannel() == null ? null : v.preferredChannel().name(),
                        row.preferredChannel()),
                pick(p.language(), v.language(), row.language()),
                dnc == null ? row.dncEmail() : dnc.contains(Channel.EMAIL),
                dnc == null ? row.dncPhone() : dnc.contains(Channel.PHONE),
                dnc == null ? row.dncSms() : dnc.contains(Channel.SMS), row.createdAt(), row.updatedAt());
    }

    private static Set<Channel> doNotContact(ContactPatch patch, List<FieldError> errors) {
        if (patch.doNotContact() == null) {
            return null;
        }
        Set<Channel> channels = java.util.EnumSet.noneOf(Channel.class);
        for (String channel : patch.doNotContact().orElse(Set.of())) {
            try {
                channels.add(Channel.valueOf(channel.strip().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("doNotContact", "'" + channel + "' is not one of EMAIL, PHONE, SMS"));
            }
        }
        return channels;
    }

    private Map<String, Object> writeAttributes(long id, Map<String, String> patched, Map<String, AttributeValue> values) {
        Map<String, Object> changes = new LinkedHashMap<>();
        if (patched == null) {
            return changes;
        }
        patched.forEach((key, raw) -> {
            int removed = jdbc.sql("DELETE FROM contact_attributes WHERE contact_id = ? AND attr_key = ?")
                    .params(id, key).update();
            AttributeValue value = raw == null ? null : values.get(key);
            if (value != null) {
                jdbc.sql("""
                        INSERT INTO contact_attributes (contact_id, attr_key, value_text, value_number, value_date, value_boolean)
                        VALUES (?, ?, ?, ?, ?, ?)""")
                        .params(id, key, value.text(), value.number(), value.date(), value.bool())
                        .update();
            }
            if (value != null || removed > 0) {
                changes.put("attributes." + key, value == null ? null : value.value());
            }
        });
        return changes;
    }

    private void write(ContactRow r) {
        jdbc.sql("""
                UPDATE contacts SET email = ?, first_name = ?, last_name = ?, phone = ?, title = ?, company_id = ?,
                    country = ?, region = ?, city = ?, time_zone = ?, source = ?, owner_id = ?, validity = ?,
                    preferred_channel = ?, language = ?, dnc_email = ?, dnc_phone = ?, dnc_sms = ?, updated_at = ?,
                    region_key = ?
                WHERE id = ?""")
                .params(r.email(), r.firstName(), r.lastName(), r.phone(), r.title(), r.companyId(), r.country(),
                        r.region(), r.city(), r.timeZone(), r.source(), r.ownerId(), r.validity(),
                        r.preferredChannel(), r.language(), r.dncEmail(), r.dncPhone(), r.dncSms(), Timestamps.now(clock), r.regionKey(), r.id())
                .update();
    }

    private static Map<String, Object> diff(ContactRow before, ContactRow after) {
        Map<String, Object> changes = new LinkedHashMap<>();
        Map<String, Function<ContactRow, Object>> fields = new LinkedHashMap<>();
        fields.put("email", ContactRow::email);
        fields.put("firstName", ContactRow::firstName);
        fields.put("lastName", ContactRow::lastName);
        fields.put("phone", ContactRow::phone);
        fields.put("title", ContactRow::title);
        fields.put("companyId", ContactRow::companyId);
        fields.put("country", ContactRow::country);
        fields.put("region", ContactRow::region);
        fields.put("city", ContactRow::city);
        fields.put("timeZone", ContactRow::timeZone);
        fields.put("source", ContactRow::source);
        fields.put("ownerId", ContactRow::ownerId);
        fields.put("validity", ContactRow::validity);
        fields.put("preferredChannel", ContactRow::preferredChannel);
        fields.put("language", ContactRow::language);
        fields.put("doNotContact.email", ContactRow::dncEmail);
        fields.put("doNotContact.phone", ContactRow::dncPhone);
        fields.put("doNotContact.sms", ContactRow::dncSms);
        fields.forEach((name, field) -> {
            if (!Objects.equals(field.apply(before), field.apply(after))) {
                changes.put(name, field.apply(after));
            }
        });
        return changes;
    }

    private static void mustNotClear(String field, Optional<String> patched, List<FieldError> errors) {
        // Blank clears too: the checks read it as no value, and the column takes none.
        if (patched != null && (patched.isEmpty() || patched.get().isBlank())) {
            errors.add(new FieldError(field, "cannot be cleared"));
        }
    }

    /** Absent keeps the current value, null clears it, a value replaces it. */
    private static <T> T pick(Optional<?> patched, T checked, T current) {
        if (patched == null) {
            return current;
        }
        return patched.isEmpty() ? null : checked;
    }

    private static <T> Optional<T> value(Optional<T> patched) {
        return patched == null ? Optional.empty() : patched;
    }
}
