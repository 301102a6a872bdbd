package io.keepwarm.contact.internal;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A checked attribute value in exactly one typed column, as stored in contact_attributes. */
public record AttributeValue(String text, BigDecimal number, LocalDate date, Boolean bool) {

    public static AttributeValue ofText(String text) {
        return new AttributeValue(text, null, null, null);
    }

    public static AttributeValue ofNumber(BigDecimal number) {
        // Stored as NUMERIC(30, 6): compare in that scale, so an unchanged re-import stays unchanged.
        return new AttributeValue(null, number.setScale(6, java.math.RoundingMode.HALF_UP), null, null);
    }

    public static AttributeValue ofDate(LocalDate date) {
        return new AttributeValue(null, null, date, null);
    }

    public static AttributeValue ofBoolean(boolean bool) {
        return new AttributeValue(null, null, null, bool);
    }

    /** The value as JSON shows it. */
    public Object value() {
        if (text != null) {
            return text;
        }
        if (number != null) {
            return number.stripTrailingZeros().toPlainString();
        }
        if (date != null) {
            return date.toString();
        }
        return bool;
    }
}
