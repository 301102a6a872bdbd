package io.keepwarm.contact.internal;

import java.time.Instant;

/** A row of the contacts table. */
public record ContactRow(
        Long id,
        String email,
        String firstName,
        String lastName,
        String phone,
        String title,
        Long companyId,
        String country,
        String region,
        String city,
        String timeZone,
        String source,
        Long ownerId,
        String validity,
        String preferredChannel,
        boolean dncEmail,
        boolean dncPhone,
        boolean dncSms,
        Instant createdAt,
        Instant updatedAt) {

    public static final String COLUMNS = "id, email, first_name, last_name, phone, title, company_id, country, region,"
            + " city, time_zone, source, owner_id, validity, preferred_channel, dnc_email, dnc_phone, dnc_sms,"
            + " created_at, updated_at";

    /** The same contact with the input's given fields laid over it. */
    ContactRow overlay(ValidContact in, Long newCompanyId) {
        return new ContactRow(id, email, or(in.firstName(), firstName), or(in.lastName(), lastName),
                or(in.phone(), phone), or(in.title(), title), or(newCompanyId, companyId), or(in.country(), country),
                or(in.region(), region), or(in.city(), city), or(in.timeZone(), timeZone),
                in.source() == null ? source : in.source().name(), or(in.ownerId(), ownerId),
                in.validity() == null ? validity : in.validity().name(),
                in.preferredChannel() == null ? preferredChannel : in.preferredChannel().name(), dncEmail, dncPhone,
                dncSms, createdAt, updatedAt);
    }

    /** Same stored facts, ignoring the timestamps. */
    boolean sameFacts(ContactRow other) {
        return withTimes(null, null).equals(other.withTimes(null, null));
    }

    ContactRow withTimes(Instant created, Instant updated) {
        return new ContactRow(id, email, firstName, lastName, phone, title, companyId, country, region, city,
                timeZone, source, ownerId, validity, preferredChannel, dncEmail, dncPhone, dncSms, created, updated);
    }

    private static <T> T or(T given, T current) {
        return given != null ? given : current;
    }
}
