package io.keepwarm.contact.importing;

import ezvcard.Ezvcard;
import ezvcard.VCard;
import ezvcard.parameter.AddressType;
import ezvcard.parameter.EmailType;
import ezvcard.parameter.TelephoneType;
import ezvcard.property.Address;
import ezvcard.property.DateOrTimeProperty;
import ezvcard.property.Email;
import ezvcard.property.Organization;
import ezvcard.property.RawProperty;
import ezvcard.property.StructuredName;
import ezvcard.property.Telephone;
import ezvcard.property.TextProperty;
import ezvcard.property.Url;
import ezvcard.util.PartialDate;
import ezvcard.util.TelUri;
import io.keepwarm.contact.ContactInput;
import io.keepwarm.contact.ContactInput.CompanyInput;
import io.keepwarm.contact.importing.ParsedRow.Bad;
import io.keepwarm.contact.importing.ParsedRow.Good;
import io.keepwarm.platform.Countries;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.Temporal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.commons.io.ByteOrderMark;
import org.apache.commons.io.input.BOMInputStream;

/**
 * The contacts in a vCard file (2.1, 3.0 or 4.0, as phones, Outlook, Gmail and address books export them), one card
 * at a time: we cut the file into cards ourselves, so we know each card's line and never hold more than one, and
 * let ez-vcard read each card.
 */
public final class VCardRows implements RowSource {

    /** A card bigger than this is refused rather than buffered: photos are the only thing that gets that big. */
    static final int MAX_CARD_CHARS = 16 * 1024 * 1024;

    /** An AGENT property without a value ({@code AGENT:}, {@code item1.AGENT;TYPE=x:}): its card follows on the next line. */
    private static final Pattern EMPTY_AGENT = Pattern.compile("(?i)(?:[a-z0-9-]+\\.)?AGENT(?:;[^:]*)?:");

    private static final List<String> ANNIVERSARY_PROPERTIES =
            List.of("X-ANNIVERSARY", "X-MS-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY");

    private final Reader reader;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private final StringBuilder line = new StringBuilder();
    private final StringBuilder card = new StringBuilder();
    private boolean lineTooLong;
    private long lineNumber;
    private boolean finished;
    /** A card was reported without its END because a BEGIN:VCARD came first; that line starts the next card. */
    private boolean begunUnclosed;

    private VCardRows(Reader reader) {
        this.reader = reader;
    }

    /** UTF-8 unless a byte order mark says otherwise; the BOM itself is dropped. */
    public static VCardRows open(InputStream in) throws IOException {
        BOMInputStream bom = BOMInputStream.builder()
                .setInputStream(in)
                .setByteOrderMarks(ByteOrderMark.UTF_8, ByteOrderMark.UTF_16LE, ByteOrderMark.UTF_16BE)
                .get();
        Charset charset = bom.hasBOM() ? Charset.forName(bom.getBOMCharsetName()) : StandardCharsets.UTF_8;
        return new VCardRows(new InputStreamReader(bom, charset));
    }

    @Override
    public ParsedRow next() throws IOException {
        int depth = 0;
        long start = 0;
        boolean tooBig = false;
        boolean afterEmptyAgent = false;
        if (begunUnclosed) {
            // the BEGIN:VCARD that showed the card before it unclosed starts this one
            begunUnclosed = false;
            depth = 1;
            start = lineNumber;
            startCard();
        }
        while (!finished) {
            String text = readLine();
            if (text == null) {
                finished = true;
                return depth == 0 ? null
                        : new Bad(start, "card has no END:VCARD; the file may have been cut off", null);
            }
            String trimmed = text.stripTrailing();
            if (depth == 0) {
                if (trimmed.equalsIgnoreCase("BEGIN:VCARD")) {
                    depth = 1;
                    start = lineNumber;
                    startCard();
                }
                continue; // text between cards is not ours to read
            }
            boolean nested = isNestedBegin(trimmed, afterEmptyAgent);
            if (!nested && trimmed.equalsIgnoreCase("BEGIN:VCARD")) {
                begunUnclosed = true;
                return new Bad(start, "card has no END:VCARD before the next card begins (line " + lineNumber
                        + "); only this card was skipped", null);
            }
            if (!lineTooLong && card.length() + line.length() <= MAX_CARD_CHARS) {
                card.append(line);
            } else {
                tooBig = true;
            }
            afterEmptyAgent = EMPTY_AGENT.matcher(trimmed).matches();
            if (nested) {
                depth++; // a card inside the card (vCard 2.1 AGENT)
            } else if (trimmed.equalsIgnoreCase("END:VCARD") && --depth == 0) {
                if (tooBig) {
                    return new Bad(start, "card is larger than " + MAX_CARD_CHARS / (1024 * 1024)
                            + " MB; remove its photo and import it again", null);
                }
                return row(start, card.toString());
            }
        }
        return null;
    }

    /** Starts a card with the BEGIN:VCARD line just read. */
    private void startCard() {
        card.setLength(0);
        if (card.capacity() > 1 << 20) {
            card.trimToSize(); // one card with a big photo should not keep its memory for the rest
        }
        card.append(line);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /**
     * Whether the line begins a card inside the card (vCard 2.1 AGENT): on the AGENT line itself
     * ({@code AGENT:BEGIN:VCARD}), or on the line after an AGENT property with no value. Any other BEGIN:VCARD begins
     * the next card, so the one before it lacks its END.
     */
    private static boolean isNestedBegin(String trimmed, boolean afterEmptyAgent) {
        if (trimmed.equalsIgnoreCase("BEGIN:VCARD")) {
            return afterEmptyAgent;
        }
        int suffix = trimmed.length() - ":BEGIN:VCARD".length();
        return suffix > 0 && trimmed.regionMatches(true, suffix, ":BEGIN:VCARD", 0, ":BEGIN:VCARD".length())
                && trimmed.toUpperCase(Locale.ROOT).contains("AGENT");
    }

    /**
     * The next line without its terminator, which stays in {@link #line} so the card text reaches ez-vcard exactly as
     * it was: CR, LF and CRLF each end a line, as they do in editors. A line longer than a card may be is cut short
     * and flagged, so one endless line cannot fill the memory either.
     */
    private String readLine() throws IOException {
        line.setLength(0);
        lineTooLong = false;
        int contentLength = 0;
        boolean carriageReturn = false;
        while (true) {
            if (position == limit) {
                limit = Math.max(reader.read(buffer, 0, buffer.length), 0);
                position = 0;
                if (limit == 0) {
                    if (line.isEmpty() && !lineTooLong) {
                        return null;
                    }
                    lineNumber++;
                    return line.substring(0, Math.min(contentLength, line.length()));
                }
            }
            char c = buffer[position];
            if (carriageReturn) {
                // after a CR, only an LF still belongs to this line
                if (c == '\n') {
                    append(c);
                    position++;
                }
                lineNumber++;
                return line.substring(0, Math.min(contentLength, line.length()));
            }
            position++;
            append(c);
            if (c == '\n') {
                lineNumber++;
                return line.substring(0, Math.min(contentLength, line.length()));
            }
            if (c == '\r') {
                carriageReturn = true;
            } else {
                contentLength++;
            }
        }
    }

    private void append(char c) {
        if (line.length() < MAX_CARD_CHARS) {
            line.append(c);
        } else {
            lineTooLong = true;
        }
    }

    private static ParsedRow row(long line, String text) {
        VCard vcard;
        try {
            vcard = Ezvcard.parse(text).first();
        } catch (RuntimeException e) {
            return new Bad(line, "card could not be read (" + e.getMessage() + ")", null);
        }
        if (vcard == null) {
            return new Bad(line, "card could not be read", null);
        }
        String email = email(vcard);
        if (email == null) {
            String name = displayName(vcard);
            return new Bad(line, "card has no email address (" + (name == null ? "no name either" : "name: " + name)
                    + ")", null);
        }
        Address address = first(vcard.getAddresses(), a -> a.getTypes().contains(AddressType.WORK));
        String country = address == null ? null : ColumnMapping.clean(address.getCountry());
        ContactInput input = input(vcard, email, address, Countries.iso2(country));
        if (ColumnMapping.hasUndecodedBytes(input) || ColumnMapping.undecoded(country)) {
            return new Bad(line, "card is not UTF-8 text; export the cards as UTF-8 and import them again", email);
        }
        // Refused as a CSV's row is, in the same words: a contact imported without the country the card gives would be
        // on the account's clock and outside its country's opt-out, with nothing on the contact to say so.
        if (country != null && input.country() == null) {
            return new Bad(line, ColumnMapping.unknownCountry(country), email);
        }
        return new Good(line, input);
    }

    private static ContactInput input(VCard vcard, String email, Address address, String country) {
        StructuredName n = vcard.getStructuredName();
        String firstName = n == null ? null : ColumnMapping.clean(n.getGiven());
        String lastName = n == null ? null : ColumnMapping.clean(n.getFamily());
        if (firstName == null && lastName == null) {
            String fn = formattedName(vcard);
            if (fn != null) {
                int space = fn.lastIndexOf(' ');
                firstName = space < 0 ? fn : fn.substring(0, space).strip();
                lastName = space < 0 ? null : fn.substring(space + 1);
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        LocalDate birthday = vcard.getBirthdays().stream().map(VCardRows::date)
                .filter(d -> d != null).findFirst().orElse(null);
        if (birthday != null) {
            attributes.put("birthday", birthday.toString());
        }
        LocalDate anniversary = anniversary(vcard);
        if (anniversary != null) {
            attributes.put("anniversary", anniversary.toString());
        }
        return new ContactInput(
                email,
                firstName,
                lastName,
                phone(vcard),
                title(vcard),
                company(vcard),
                country,
                address == null ? null : ColumnMapping.clean(address.getRegion()),
                address == null ? null : ColumnMapping.clean(address.getLocality()),
                null,
                null, // the importer knows where the file came from
                null,
                null,
                null,
                null,
                attributes.isEmpty() ? Map.of() : attributes,
                List.of(),
                List.of());
    }

    /** The preferred address, else the work one, else the first; only ones that look like addresses count. */
    private static String email(VCard vcard) {
        List<Email> emails = vcard.getEmails().stream().filter(e -> ColumnMapping.clean(e.getValue()) != null).toList();
        if (emails.stream().anyMatch(e -> e.getValue().contains("@"))) {
            emails = emails.stream().filter(e -> e.getValue().contains("@")).toList();
        }
        Email email = find(emails, e -> e.getTypes().contains(EmailType.PREF) || Integer.valueOf(1).equals(e.getPref()));
        if (email == null) {
            email = first(emails, e -> e.getTypes().contains(EmailType.WORK));
        }
        return email == null ? null : email.getValue().strip();
    }

    /** Work, then mobile, then any number; a fax or pager only when there is nothing else. */
    private static String phone(VCard vcard) {
        // Some exports hold placeholders such as "BusinessPhone"; only something with digits is a number to dial.
        List<Telephone> phones = vcard.getTelephoneNumbers().stream().filter(t -> dialable(number(t))).toList();
        Predicate<Telephone> voice = t -> !t.getTypes().contains(TelephoneType.FAX)
                && !t.getTypes().contains(TelephoneType.PAGER);
        Telephone phone = find(phones, voice.and(t -> t.getTypes().contains(TelephoneType.WORK)));
        if (phone == null) {
            phone = find(phones, voice.and(t -> t.getTypes().contains(TelephoneType.CELL)));
        }
        if (phone == null) {
            phone = first(phones, voice);
        }
        return phone == null ? null : number(phone);
    }

    private static boolean dialable(String number) {
        return number != null && number.chars().filter(Character::isDigit).count() >= 3;
    }

    private static String number(Telephone telephone) {
        if (telephone.getText() != null) {
            return ColumnMapping.clean(telephone.getText());
        }
        TelUri uri = telephone.getUri();
        if (uri == null || ColumnMapping.clean(uri.getNumber()) == null) {
            return null;
        }
        String extension = ColumnMapping.clean(uri.getExtension());
        return uri.getNumber().strip() + (extension == null ? "" : " ext. " + extension);
    }

    private static String title(VCard vcard) {
        String title = firstText(vcard.getTitles());
        return title != null ? title : firstText(vcard.getRoles());
    }

    private static CompanyInput company(VCard vcard) {
        Organization organization = vcard.getOrganization();
        String name = organization == null || organization.getValues().isEmpty() ? null
                : ColumnMapping.clean(organization.getValues().getFirst());
        Url url = find(vcard.getUrls(), u -> "work".equalsIgnoreCase(u.getType()));
        String domain = url == null ? null : ColumnMapping.domainOf(url.getValue());
        return name == null && domain == null ? null : new CompanyInput(name, domain, null, null);
    }

    private static LocalDate anniversary(VCard vcard) {
        for (DateOrTimeProperty property : vcard.getAnniversaries()) {
            LocalDate date = date(property);
            if (date != null) {
                return date;
            }
        }
        for (RawProperty property : vcard.getExtendedProperties()) {
            String name = property.getPropertyName().toUpperCase(Locale.ROOT);
            boolean anniversary = ANNIVERSARY_PROPERTIES.contains(name)
                    || (name.equals("X-ABDATE") && isAnniversaryLabel(vcard, property.getGroup()));
            LocalDate date = anniversary ? date(property.getValue()) : null;
            if (date != null) {
                return date;
            }
        }
        return null;
    }

    /** Apple labels a dated item by a sibling in the same group: item1.X-ABLabel:_$!<Anniversary>!$_ */
    private static boolean isAnniversaryLabel(VCard vcard, String group) {
        if (group == null) {
            return false;
        }
        for (RawProperty property : vcard.getExtendedProperties()) {
            if (property.getPropertyName().equalsIgnoreCase("X-ABLabel") && group.equalsIgnoreCase(property.getGroup())
                    && property.getValue() != null) {
                String label = property.getValue().replace("_$!<", "").replace(">!$_", "").strip();
                return label.equalsIgnoreCase("Anniversary");
            }
        }
        return false;
    }

    /** A full calendar date, or null: a date without a year (--0415) or free text is skipped, never guessed. */
    private static LocalDate date(DateOrTimeProperty property) {
        try {
            Temporal temporal = property.getDate();
            if (temporal instanceof Instant instant) {
                return instant.atOffset(ZoneOffset.UTC).toLocalDate();
            }
            if (temporal != null) {
                return LocalDate.from(temporal);
            }
            PartialDate partial = property.getPartialDate();
            if (partial != null && partial.getYear() != null && partial.getMonth() != null
                    && partial.getDate() != null) {
                return LocalDate.of(partial.getYear(), partial.getMonth(), partial.getDate());
            }
        } catch (DateTimeException e) {
            // not a calendar date after all
        }
        return null;
    }

    /** Dates in extended properties are plain text: 2011-01-13 or 20110113, maybe with a time after them. */
    private static LocalDate date(String text) {
        String value = ColumnMapping.clean(text);
        try {
            if (value != null && value.length() >= 10 && value.charAt(4) == '-') {
                return LocalDate.parse(value.substring(0, 10));
            }
            if (value != null && value.length() >= 8) {
                return LocalDate.parse(value.substring(0, 8), DateTimeFormatter.BASIC_ISO_DATE);
            }
        } catch (DateTimeException e) {
            // not a date we can read; skipped like any other unreadable date
        }
        return null;
    }

    private static String displayName(VCard vcard) {
        String fn = formattedName(vcard);
        if (fn != null) {
            return fn;
        }
        StructuredName n = vcard.getStructuredName();
        if (n == null) {
            return null;
        }
        String given = ColumnMapping.clean(n.getGiven());
        String family = ColumnMapping.clean(n.getFamily());
        return ColumnMapping.clean((given == null ? "" : given) + " " + (family == null ? "" : family));
    }

    private static String formattedName(VCard vcard) {
        return firstText(vcard.getFormattedNames());
    }

    private static String firstText(List<? extends TextProperty> properties) {
        for (TextProperty property : properties) {
            String value = ColumnMapping.clean(property.getValue());
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** The first element matching the preference, else the first element at all. */
    private static <T> T first(List<T> items, Predicate<T> preferred) {
        T item = find(items, preferred);
        return item != null || items.isEmpty() ? item : items.getFirst();
    }

    private static <T> T find(List<T> items, Predicate<T> wanted) {
        for (T item : items) {
            if (wanted.test(item)) {
                return item;
            }
        }
        return null;
    }
}
