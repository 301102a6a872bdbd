package io.keepwarm.contact.internal;

import io.keepwarm.platform.CountryZones;
import io.keepwarm.platform.Regions;
import io.keepwarm.platform.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import org.springframework.jdbc.core.RowMapper;

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
        String language,
        boolean dncEmail,
        boolean dncPhone,
        boolean dncSms,
        Instant createdAt,
        Instant updatedAt) {

    public static final String COLUMNS = "id, email, first_name, last_name, phone, title, company_id, country, region,"
            + " city, time_zone, source, owner_id, validity, preferred_channel, language, dnc_email, dnc_phone,"
            + " dnc_sms, created_at, updated_at";

    /**
     * Reads a row selected with {@link #COLUMNS}. Written by hand: imports read a whole batch of rows at a
     * time, and the reflective record mapper cost more than the query.
     */
    public static final RowMapper<ContactRow> MAPPER = (rs, n) -> new ContactRow(rs.getLong(1), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), nullableLong(rs, 7), rs.getString(8),
            rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), nullableLong(rs, 13),
            rs.getString(14), rs.getString(15), rs.getString(16), rs.getBoolean(17), rs.getBoolean(18),
            rs.getBoolean(19), Timestamps.read(rs, 20), Timestamps.read(rs, 21));

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /**
     * The region as segment rules compare it, read in the contact's country ({@link Regions#key}): kept as
     * contacts.region_key by every statement that writes a contact's region or country, so it is never out of step.
     */
    public String regionKey() {
        return Regions.key(country, region);
    }

    /** The same contact with the input's given fields laid over it. */
    public ContactRow overlay(ValidContact in, Long newCompanyId) {
        return new ContactRow(id, email, or(in.firstName(), firstName), or(in.lastName(), lastName),
                or(in.phone(), phone), or(in.title(), title), or(newCompanyId, companyId), or(in.country(), country),
                or(in.region(), region), or(in.city(), city), or(in.timeZone(), timeZone),
                in.source() == null ? source : in.source().name(), or(in.ownerId(), ownerId),
                in.validity() == null ? validity : in.validity().name(),
                in.preferredChannel() == null ? preferredChannel : in.preferredChannel().name(),
                or(in.language(), language), dncEmail, dncPhone, dncSms, createdAt, updatedAt);
    }

    /**
     * This row as an update of {@code before} writes it: a contact of no zone whose country or region changed gets the
     * new place's clock where it keeps one, as a new contact would. A zone that is set stays, and the account's is no
     * fallback (the contact was placed somewhere, just not on one clock). Every update (patch, upsert, import) ends here.
     */
    public ContactRow placedSince(ContactRow before) {
        if (timeZone != null || (Objects.equals(country, before.country)
                && Objects.equals(region, before.region))) {
            return this;
        }
        return new ContactRow(id, email, firstName, lastName, phone, title, companyId, country, region, city,
                CountryZones.zoneFor(country, region, null), source, ownerId, validity, preferredChannel, language,
                dncEmail, dncPhone, dncSms, createdAt, updatedAt);
    }

    /** Same stored facts, ignoring the timestamps. */
    boolean sameFacts(ContactRow other) {
        return withTimes(null, null).equals(other.withTimes(null, null));
    }

    ContactRow withTimes(Instant created, Instant updated) {
        return new ContactRow(id, email, firstName, lastName, phone, title, companyId, country, region, city,
                timeZone, source, ownerId, validity, preferredChannel, language, dncEmail, dncPhone, dncSms, created,
                updated);
    }

    private static <T> T or(T given, T current) {
        return given != null ? given : current;
    }
}
