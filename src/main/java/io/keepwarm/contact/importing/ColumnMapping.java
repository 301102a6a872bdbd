package io.keepwarm.contact.importing;

import io.keepwarm.platform.Countries;
import io.keepwarm.contact.ContactInput;
import io.keepwarm.contact.ContactInput.CompanyInput;
import io.keepwarm.contact.ContactInput.ConsentInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Which column of a CSV file feeds which contact field: guessed from the header names, overridden by what the caller
 * chose. Resolved once per file, so reading a row is only array look-ups, however many rows there are.
 */
public final class ColumnMapping {

    /** What a column can feed. */
    private enum Field {
        EMAIL("email", "Email", null),
        FIRST_NAME("firstName", "First name", null),
        LAST_NAME("lastName", "Last name", null),
        FULL_NAME("fullName", "Full name", "split into first and last"),
        PHONE("phone", "Phone", null),
        TITLE("title", "Job title", null),
        COMPANY_NAME("company.name", "Company name", null),
        COMPANY_DOMAIN("company.domain", "Company domain or website", null),
        COMPANY_INDUSTRY("company.industry", "Industry", null),
        COMPANY_SIZE("company.size", "Company size", null),
        COUNTRY("country", "Country", null),
        REGION("region", "Region or state", null),
        CITY("city", "City", null),
        TIME_ZONE("timeZone", "Time zone", null),
        SOURCE("source", "Source", null),
        OWNER("owner", "Owner", "a sales user's username, name or email"),
        VALIDITY("validity", "Validity", null),
        PREFERRED_CHANNEL("preferredChannel", "Preferred channel", null),
        LANGUAGE("language", "Language", "a two-letter code: en, de, fr"),
        TAGS("tags", "Tags", "separated by ; , or |"),
        EMAIL_CONSENT("consent.email", "Email consent", "yes or no; granted, withdrawn, unknown"),
        PHONE_CONSENT("consent.phone", "Phone consent", "yes or no; granted, withdrawn, unknown"),
        SMS_CONSENT("consent.sms", "SMS consent", "yes or no; granted, withdrawn, unknown"),
        CONSENT_SOURCE("consent.source", "Where consent was given",
                "needed with consent, unless given for every row"),
        /**
         * Never guessed from a header: an export's own "stage" column read back must not move anyone (see
         * {@code ImportedStages}), so only a column a person maps to it feeds it.
         */
        STAGE("stage", "Stage", "NEW, NURTURE or DISQUALIFIED; map it yourself"),
        ATTRIBUTE("attribute:<key>", "Custom attribute", null);

        private final String target;
        /** What a person picking columns sees, and what messages to them call the field. */
        private final String label;
        private final String hint;

        Field(String target, String label, String hint) {
            this.target = target;
            this.label = label;
            this.hint = hint;
        }
    }

    /** How a message names a field: by its target for the API, by its label for a person who chose by labels. */
    private enum Naming {
        TARGETS,
        LABELS;

        String name(Column column) {
            if (this == TARGETS) {
                return "'" + column.target() + "'";
            }
            return column.field() == Field.ATTRIBUTE ? "the attribute \"" + column.key() + "\""
                    : "\"" + column.field().label + "\"";
        }

        String name(Field field) {
            return name(new Column(field, 0, null));
        }

        /** The whole-file text for where consent was given, as the API's option or the mapping page's box. */
        String consentSourceForEveryRow() {
            return this == TARGETS ? "the consentSource option" : "\"" + CONSENT_SOURCE_FOR_EVERY_ROW + "\"";
        }
    }

    /** What the mapping page calls the text saying once, for the whole file, where its consent was given. */
    public static final String CONSENT_SOURCE_FOR_EVERY_ROW = "Where consent was given (for every row)";

    /** The longest text a consent's source may be, as the contact's rules have it. */
    private static final int MAX_CONSENT_SOURCE = 200;

    /**
     * Where one column goes. Of several columns feeding the same field, the first non-blank one wins, best rank
     * first; a WEAK guess is dropped when a better one exists, because it probably means something else there.
     */
    private record Column(Field field, int rank, String key) {

        /** What the column feeds, as a caller would write it; also what two columns must not both claim. */
        String target() {
            return field == Field.ATTRIBUTE ? "attribute:" + key : field.target;
        }
    }

    private static final int WEAK = 9;

    /** The headers (as {@link #normalize} spells them) guessed to hold email consent. */
    static final List<String> CONSENT_HEADERS = List.of("emailconsent", "consentemail", "emailoptin", "emailoptedin",
            "emailoptinstatus", "optin", "optedin", "optinstatus", "hasoptedin", "doubleoptin", "marketingconsent",
            "emailmarketingconsent", "marketingoptin", "emailmarketingoptin", "gdprconsent", "consent",
            "consenttoemail", "consenttomarketing", "acceptsmarketing", "acceptsemailmarketing", "emailpermission",
            "marketingpermission", "emailsubscription", "emailsubscribed", "subscribedtoemail", "newsletteroptin",
            "newsletterconsent", "newslettersubscription", "subscribedtonewsletter", "newslettersubscribed");

    /** Headers guessed to hold email consent only where no other column is. */
    static final List<String> WEAK_CONSENT_HEADERS = List.of("subscribed", "newsletter", "subscription");

    private static final Map<String, Column> GUESSES = guesses();
    private static final Map<String, Field> TARGETS = targetsByName();
    private static final List<String> TARGET_LIST = targetList();

    private final List<String> headers;
    private final Map<String, String> mappedColumns;
    private final List<String> ignoredColumns;
    private final int[][] columnsByField;
    private final String[] attributeKeys;
    private final int[][] attributeColumns;
    /** Where the file's consent was given, for a row that does not say: null when the file has no such text. */
    private final String consentSource;

    private ColumnMapping(List<String> headers, Column[] columns, String consentSource) {
        this.consentSource = consentSource;
        this.headers = Collections.unmodifiableList(new ArrayList<>(headers));
        Map<String, String> mapped = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        Map<Field, List<Integer>> byField = new EnumMap<>(Field.class);
        Map<String, List<Integer>> byAttribute = new LinkedHashMap<>();
        for (int i = 0; i < columns.length; i++) {
            Column column = columns[i];
            if (column == null) {
                ignored.add(displayName(i));
                continue;
            }
            mapped.putIfAbsent(displayName(i), column.target());
            if (column.field() == Field.ATTRIBUTE) {
                byAttribute.computeIfAbsent(column.key(), k -> new ArrayList<>()).add(i);
            } else {
                byField.computeIfAbsent(column.field(), f -> new ArrayList<>()).add(i);
            }
        }
        this.mappedColumns = Collections.unmodifiableMap(mapped);
        this.ignoredColumns = List.copyOf(ignored);
        this.columnsByField = new int[Field.values().length][];
        for (Field field : Field.values()) {
            columnsByField[field.ordinal()] = byField.getOrDefault(field, List.of()).stream()
                    .sorted(Comparator.comparingInt((Integer i) -> columns[i].rank()).thenComparingInt(i -> i))
                    .mapToInt(Integer::intValue)
                    .toArray();
        }
        this.attributeKeys = byAttribute.keySet().toArray(String[]::new);
        this.attributeColumns = byAttribute.values().stream()
                .map(list -> list.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
    }

    /**
     * Resolves the mapping for one file.
     *
     * @param headers the file's header names, in column order
     * @param explicit header name to target ({@code email}, {@code company.name}, {@code attribute:renewal_date},
     *     {@code ignore}, ...), chosen by the user; wins over the guesses. May be null or empty.
     * @throws IllegalArgumentException when the explicit mapping names a header or target that does not exist, or
     *     when no column ends up feeding the email
     */
    public static ColumnMapping forHeader(List<String> headers, Map<String, String> explicit) {
        return forHeader(headers, explicit, Map.of());
    }

    /**
     * As {@link #forHeader(List, Map)}, a column named exactly as a defined attribute (its key or label, case aside)
     * guessed to feed it.
     *
     * @param attributes the defined attributes' keys and labels, in lower case, to their keys (see {@link #names})
     */
    public static ColumnMapping forHeader(List<String> headers, Map<String, String> explicit,
            Map<String, String> attributes) {
        return forHeader(headers, explicit, attributes, null);
    }

    /**
     * As {@link #forHeader(List, Map, Map)}, with where the file's consent was given said once for every row.
     *
     * @param consentSource where consent was given, for each row that does not say it in a column; may be null
     */
    public static ColumnMapping forHeader(List<String> headers, Map<String, String> explicit,
            Map<String, String> attributes, String consentSource) {
        boolean[] chosen = new boolean[headers.size()];
        Column[] columns = resolve(headers, explicit, chosen, attributes);
        return checked(headers, columns, chosen, Naming.TARGETS, consentSource);
    }

    /**
     * Resolves the mapping for one file from a target per column, in column order, as a person chose them column by
     * column: columns of the same name stay apart, and nothing is guessed. A blank target, or {@code ignore}, leaves
     * the column out.
     *
     * Its messages name fields by the labels the person chose from ({@link #label}).
     *
     * @throws IllegalArgumentException when there is not one target per column, a target does not exist, two columns
     *     feed one field, or no column feeds the email
     */
    public static ColumnMapping forColumns(List<String> headers, List<String> targets) {
        return forColumns(headers, targets, null);
    }

    /**
     * As {@link #forColumns(List, List)}, with where the file's consent was given said once for every row.
     *
     * @param consentSource where consent was given, for each row that does not say it in a column; may be null
     */
    public static ColumnMapping forColumns(List<String> headers, List<String> targets, String consentSource) {
        if (targets.size() != headers.size()) {
            throw new IllegalArgumentException("The mapping names " + targets.size() + " columns; the file has "
                    + headers.size());
        }
        Column[] columns = new Column[headers.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = explicitTarget(headers.get(i) == null ? "" : headers.get(i).strip(), targets.get(i));
        }
        boolean[] chosen = new boolean[columns.length];
        Arrays.fill(chosen, true);
        return checked(headers, columns, chosen, Naming.LABELS, consentSource);
    }

    /**
     * Refuses a mapping a person cannot have meant: no email, consent without its source, or one field given to two
     * columns by choice (the second would only fill in where the first is blank, unseen: an email taken from another
     * column of the row). Guessed columns may share a field, best first; tags from several columns add up.
     */
    private static ColumnMapping checked(List<String> headers, Column[] columns, boolean[] chosen, Naming naming,
            String consentSourceText) {
        if (Arrays.stream(columns).noneMatch(c -> c != null && c.field() == Field.EMAIL)) {
            throw new IllegalArgumentException("The file has no email column; map one of its columns to "
                    + naming.name(Field.EMAIL) + " (headers: " + String.join(", ", headers) + ")");
        }
        Map<String, List<Integer>> byTarget = new LinkedHashMap<>();
        for (int i = 0; i < columns.length; i++) {
            if (chosen[i] && columns[i] != null && columns[i].field() != Field.TAGS) {
                byTarget.computeIfAbsent(columns[i].target(), t -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> shared : byTarget.values()) {
            if (shared.size() > 1) {
                List<String> names = shared.stream().map(i -> "'" + columnName(headers, i) + "'").toList();
                throw new IllegalArgumentException("The columns "
                        + String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast()
                        + (names.size() == 2 ? " are both" : " are all") + " mapped to "
                        + naming.name(columns[shared.getFirst()])
                        + "; a field takes one column, so map the others to another field or leave them out");
            }
        }
        String consentSource = clean(consentSourceText);
        if (consentSource != null && consentSource.length() > MAX_CONSENT_SOURCE) {
            throw new IllegalArgumentException(capitalized(naming.consentSourceForEveryRow()) + " is "
                    + consentSource.length() + " characters long; say it in at most " + MAX_CONSENT_SOURCE
                    + " (for example \"Trade show sign-up sheet, Berlin 2026\")");
        }
        // Consent is only recorded with where it was given: without a source every row would be refused.
        if (consentSource == null
                && Arrays.stream(columns).noneMatch(c -> c != null && c.field() == Field.CONSENT_SOURCE)) {
            for (int i = 0; i < columns.length; i++) {
                if (columns[i] != null && CONSENTS.contains(columns[i].field())) {
                    throw new IllegalArgumentException("The column '" + columnName(headers, i) + "' holds consent ("
                            + naming.name(columns[i]) + "), but no column says where it was given; map a column to "
                            + naming.name(Field.CONSENT_SOURCE) + ", or write where it was given for the whole file in "
                            + naming.consentSourceForEveryRow() + " (for example \"Trade show sign-up sheet, Berlin "
                            + "2026\"), or leave the consent column out (consent is only recorded with where it was "
                            + "given)");
                }
            }
        }
        // A company is found by its name: without a name column every row giving a detail would be refused.
        if (Arrays.stream(columns).noneMatch(c -> c != null && c.field() == Field.COMPANY_NAME)) {
            for (int i = 0; i < columns.length; i++) {
                if (columns[i] != null && COMPANY_DETAILS.contains(columns[i].field())) {
                    throw new IllegalArgumentException("The column '" + columnName(headers, i) + "' holds a company's "
                            + "details (" + naming.name(columns[i]) + "), but no column holds the company's name; a "
                            + "company is found by its name, so map a column to " + naming.name(Field.COMPANY_NAME)
                            + ", or leave this column out");
                }
            }
        }
        return new ColumnMapping(headers, columns, consentSource);
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static final Set<Field> CONSENTS = Set.of(Field.EMAIL_CONSENT, Field.PHONE_CONSENT, Field.SMS_CONSENT);

    private static final Set<Field> COMPANY_DETAILS = Set.of(Field.COMPANY_DOMAIN, Field.COMPANY_INDUSTRY,
            Field.COMPANY_SIZE);

    /**
     * What each column would feed if the caller chose nothing: the target (as {@link #targets()} spells it) or null
     * for a column nothing takes. Unlike {@link #forHeader} it does not insist on an email column, so a person can
     * be shown the guesses and pick one.
     */
    public static List<String> guesses(List<String> headers) {
        return Arrays.stream(resolve(headers, Map.of(), new boolean[headers.size()], Map.of()))
                .map(c -> c == null ? null : c.target())
                .toList();
    }

    /**
     * What a person mapping the columns one by one is offered: the guesses, but each field (tags aside) only for the
     * best column guessed for it, the first of equals, since {@link #forColumns} refuses a field given twice. A column
     * named exactly as a defined attribute (key or label, case aside) is proposed for it before any field.
     *
     * @param attributes the defined attributes' keys and labels, in lower case, to their keys (see {@link #names})
     */
    public static List<String> proposals(List<String> headers, Map<String, String> attributes) {
        Column[] columns = resolve(headers, Map.of(), new boolean[headers.size()], attributes);
        Map<String, Integer> best = new HashMap<>();
        for (int i = 0; i < columns.length; i++) {
            if (columns[i] != null && columns[i].field() != Field.TAGS) {
                Integer current = best.get(columns[i].target());
                if (current == null || columns[i].rank() < columns[current].rank()) {
                    best.put(columns[i].target(), i);
                }
            }
        }
        List<String> proposals = new ArrayList<>(columns.length);
        for (int i = 0; i < columns.length; i++) {
            boolean taken = columns[i] != null && columns[i].field() != Field.TAGS
                    && best.get(columns[i].target()) != i;
            proposals.add(columns[i] == null || taken ? null : columns[i].target());
        }
        return Collections.unmodifiableList(proposals);
    }

    /**
     * The label a person picks a target by, with its hint: "Email", "Owner (a sales user's username, name or email)";
     * the target if unknown.
     */
    public static String label(String target) {
        Field field = target == null ? null : TARGETS.get(normalize(target));
        if (field == null || field == Field.ATTRIBUTE || !field.target.equals(target)) {
            return target;
        }
        return field.hint == null ? field.label : field.label + " (" + field.hint + ")";
    }

    /** The lookup {@link #proposals} and {@link #forHeader} take: each attribute's key and label, in lower case. */
    public static Map<String, String> names(Map<String, String> labelsByKey) {
        Map<String, String> names = new HashMap<>();
        // labels first, so a key that is also another attribute's label means that key's attribute
        labelsByKey.forEach((key, label) -> {
            if (label != null && !label.isBlank()) {
                names.put(label.strip().toLowerCase(Locale.ROOT), key);
            }
        });
        labelsByKey.keySet().forEach(key -> names.put(key.strip().toLowerCase(Locale.ROOT), key));
        return Map.copyOf(names);
    }

    private static Column[] resolve(List<String> headers, Map<String, String> explicit, boolean[] chosen,
            Map<String, String> attributes) {
        Column[] columns = new Column[headers.size()];
        Set<String> claimed = new HashSet<>();
        if (explicit != null) {
            explicit.forEach((header, target) -> {
                if (header == null || header.isBlank()) {
                    throw new IllegalArgumentException("The mapping has an entry without a column name");
                }
                Column column = explicitTarget(header, target);
                int[] matches = find(headers, header);
                if (matches.length == 0) {
                    throw new IllegalArgumentException("The mapping names the column '" + header
                            + "', which the file does not have (headers: " + String.join(", ", headers) + ")");
                }
                if (matches.length > 1) {
                    throw new IllegalArgumentException("The mapping names the column '" + header + "', but the file has "
                            + matches.length + " columns of that name (columns " + IntStream.of(matches)
                                    .mapToObj(i -> String.valueOf(i + 1)).collect(Collectors.joining(", "))
                            + "); give them different names in the file's header line so each can be mapped");
                }
                columns[matches[0]] = column;
                chosen[matches[0]] = true;
                if (column != null) {
                    claimed.add(column.target());
                }
            });
        }
        for (int i = 0; i < columns.length; i++) {
            if (!chosen[i]) {
                // a column named as an attribute the account defined means it, more surely than a look-alike field
                String attribute = headers.get(i) == null ? null
                        : attributes.get(headers.get(i).strip().toLowerCase(Locale.ROOT));
                Column guess = attribute != null ? new Column(Field.ATTRIBUTE, 0, attribute) : guess(headers.get(i));
                // the user's choice for a field replaces our guesses for it rather than competing with them
                columns[i] = guess == null || claimed.contains(guess.target()) ? null : guess;
            }
        }
        dropWeakGuesses(columns);
        // a guessed company detail ("Size", "Website") without a company name column is left out, not a refused file
        if (Arrays.stream(columns).noneMatch(c -> c != null && c.field() == Field.COMPANY_NAME)) {
            for (int i = 0; i < columns.length; i++) {
                if (!chosen[i] && columns[i] != null && COMPANY_DETAILS.contains(columns[i].field())) {
                    columns[i] = null;
                }
            }
        }
        boolean hasFirstOrLast = Arrays.stream(columns).anyMatch(c -> c != null
                && (c.field() == Field.FIRST_NAME || c.field() == Field.LAST_NAME));
        for (int i = 0; i < columns.length; i++) {
            // a guessed "Name" column is only a fallback for files that do not split names
            if (!chosen[i] && hasFirstOrLast && columns[i] != null && columns[i].field() == Field.FULL_NAME) {
                columns[i] = null;
            }
        }
        return columns;
    }

    /** The header names as they are in the file. */
    public List<String> headers() {
        return headers;
    }

    /** Header name to the target it feeds, in column order, so the user can see what we understood. */
    public Map<String, String> mappedColumns() {
        return mappedColumns;
    }

    /** Headers of the columns that feed nothing, so the job can tell the user their data was skipped. */
    public List<String> ignoredColumns() {
        return ignoredColumns;
    }

    /** The targets a column can be mapped to explicitly, for help texts and pickers. */
    public static List<String> targets() {
        return TARGET_LIST;
    }

    /** The contact in one row. Values are trimmed, blanks become null, nothing is validated. */
    ContactInput toInput(IntFunction<String> cells) {
        String firstName = value(Field.FIRST_NAME, cells);
        String lastName = value(Field.LAST_NAME, cells);
        if (firstName == null && lastName == null) {
            String fullName = value(Field.FULL_NAME, cells);
            if (fullName != null) {
                int space = fullName.lastIndexOf(' ');
                firstName = space < 0 ? fullName : fullName.substring(0, space).strip();
                lastName = space < 0 ? null : fullName.substring(space + 1);
            }
        }
        return new ContactInput(
                value(Field.EMAIL, cells),
                firstName,
                lastName,
                value(Field.PHONE, cells),
                value(Field.TITLE, cells),
                company(cells),
                country(value(Field.COUNTRY, cells)),
                value(Field.REGION, cells),
                value(Field.CITY, cells),
                value(Field.TIME_ZONE, cells),
                value(Field.SOURCE, cells),
                value(Field.OWNER, cells),
                value(Field.VALIDITY, cells),
                value(Field.PREFERRED_CHANNEL, cells),
                value(Field.LANGUAGE, cells),
                attributes(cells),
                tags(cells),
                consents(cells));
    }

    /** The stage a row gives, as written (trimmed, blank as null); checked by the import ({@code ImportedStages}). */
    String stageOf(IntFunction<String> cells) {
        return value(Field.STAGE, cells);
    }

    /** Whatever can be read of the email in a row that is otherwise broken, for the report. */
    String emailOf(IntFunction<String> cells, int size) {
        for (int column : columnsByField[Field.EMAIL.ordinal()]) {
            String value = column < size ? clean(cells.apply(column)) : null;
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private String value(Field field, IntFunction<String> cells) {
        for (int column : columnsByField[field.ordinal()]) {
            String value = clean(cells.apply(column));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private CompanyInput company(IntFunction<String> cells) {
        String name = value(Field.COMPANY_NAME, cells);
        String domain = domainOf(value(Field.COMPANY_DOMAIN, cells));
        String industry = value(Field.COMPANY_INDUSTRY, cells);
        String size = value(Field.COMPANY_SIZE, cells);
        if (name == null && domain == null && industry == null && size == null) {
            return null;
        }
        return new CompanyInput(name, domain, industry, size);
    }

    private Map<String, String> attributes(IntFunction<String> cells) {
        Map<String, String> attributes = null;
        for (int a = 0; a < attributeKeys.length; a++) {
            for (int column : attributeColumns[a]) {
                String value = clean(cells.apply(column));
                if (value != null) {
                    if (attributes == null) {
                        attributes = new LinkedHashMap<>();
                    }
                    attributes.put(attributeKeys[a], value);
                    break;
                }
            }
        }
        return attributes == null ? Map.of() : attributes;
    }

    private List<String> tags(IntFunction<String> cells) {
        List<String> tags = null;
        for (int column : columnsByField[Field.TAGS.ordinal()]) {
            String cell = clean(cells.apply(column));
            if (cell == null) {
                continue;
            }
            int start = 0;
            for (int i = 0; i <= cell.length(); i++) {
                char c = i == cell.length() ? ';' : cell.charAt(i);
                if (c == ';' || c == ',' || c == '|') {
                    String tag = cell.substring(start, i).strip();
                    if (!tag.isEmpty()) {
                        if (tags == null) {
                            tags = new ArrayList<>();
                        }
                        if (!tags.contains(tag)) {
                            tags.add(tag);
                        }
                    }
                    start = i + 1;
                }
            }
        }
        return tags == null ? List.of() : tags;
    }

    private List<ConsentInput> consents(IntFunction<String> cells) {
        String email = value(Field.EMAIL_CONSENT, cells);
        String phone = value(Field.PHONE_CONSENT, cells);
        String sms = value(Field.SMS_CONSENT, cells);
        if (email == null && phone == null && sms == null) {
            return List.of();
        }
        // a row's own source wins over the file's; with neither, null: the validator refuses consent without one
        String own = value(Field.CONSENT_SOURCE, cells);
        String source = own != null ? own : consentSource;
        List<ConsentInput> consents = new ArrayList<>(3);
        if (email != null) {
            consents.add(consent("EMAIL", email, source));
        }
        if (phone != null) {
            consents.add(consent("PHONE", phone, source));
        }
        if (sms != null) {
            consents.add(consent("SMS", sms, source));
        }
        return consents;
    }

    // as normalize spells them, so "Opted-in" and "opted in" are one; "subscribed" is what an opt-in column holds
    private static final Set<String> YES = Set.of("yes", "y", "true", "1", "subscribed", "optedin", "optin");
    private static final Set<String> NO = Set.of("no", "n", "false", "0", "notsubscribed", "pending");

    /**
     * The consent state a sheet's yes/no cell means: yes (y, true, 1, subscribed, opted in) is GRANTED; no (n, false,
     * 0, not subscribed, pending) is UNKNOWN, not WITHDRAWN, since a withdrawal is the person's own act, and "no" in a
     * sheet often means only that nobody asked. Other text (granted, withdrawn, unknown) goes on as it is, for the
     * validator to read or refuse.
     */
    static String consentState(String cell) {
        String word = normalize(cell);
        return YES.contains(word) ? "GRANTED" : NO.contains(word) ? "UNKNOWN" : cell;
    }

    /** A consent cell as a statement; a no is no change for a person who withdrew, as they said no already. */
    private static ConsentInput consent(String channel, String cell, String source) {
        return new ConsentInput(channel, consentState(cell), source, NO.contains(normalize(cell)));
    }

    /** Why a country is not taken, in the same words whichever file named it. */
    static String unknownCountry(String given) {
        String several = Countries.several(given);
        return several != null ? "country " + several
                : "country '" + given + "' is not a country we know; give its ISO code (DE) or its English name (Germany)";
    }

    /** The ISO code of the country a cell names; the cell as it is when it names none, for the row to be refused. */
    static String country(String cell) {
        String code = Countries.iso2(cell);
        return code != null ? code : cell;
    }

    /**
     * Whether bytes that are not UTF-8 were decoded into U+FFFD somewhere in what we import. Such a row is refused
     * rather than imported with mangled names, and the rows around it still are: a file saved in a legacy code page
     * often has only a few rows with accents. Columns we do not import do not count.
     */
    static boolean hasUndecodedBytes(ContactInput input) {
        if (undecoded(input.email()) || undecoded(input.firstName()) || undecoded(input.lastName())
                || undecoded(input.phone()) || undecoded(input.title()) || undecoded(input.country())
                || undecoded(input.region()) || undecoded(input.city()) || undecoded(input.timeZone())
                || undecoded(input.source()) || undecoded(input.owner()) || undecoded(input.validity())
                || undecoded(input.preferredChannel()) || undecoded(input.language())) {
            return true;
        }
        CompanyInput company = input.company();
        if (company != null && (undecoded(company.name()) || undecoded(company.domain())
                || undecoded(company.industry()) || undecoded(company.size()))) {
            return true;
        }
        return input.attributes().values().stream().anyMatch(ColumnMapping::undecoded)
                || input.tags().stream().anyMatch(ColumnMapping::undecoded)
                || input.consents().stream().anyMatch(c -> undecoded(c.state()) || undecoded(c.source()));
    }

    static boolean undecoded(String value) {
        return value != null && value.indexOf('\uFFFD') >= 0;
    }

    /** Trimmed, or null when blank: an empty cell means "no value", never "set it to empty". */
    static String clean(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        String value = raw.strip();
        // Undo the quote our own export (and OWASP's advice) puts before a cell a spreadsheet would run as a
        // formula, so an exported '+49 30 1234 reads back as the phone number it was.
        if (value.length() > 1 && value.charAt(0) == '\'' && "=+-@\t\r".indexOf(value.charAt(1)) >= 0) {
            value = value.substring(1).strip();
        }
        return value.isEmpty() ? null : value;
    }

    /** The bare host of a website or domain cell: people paste whole URLs where a domain is asked for. */
    static String domainOf(String value) {
        if (value == null) {
            return null;
        }
        String domain = value.indexOf('\\') < 0 ? value.strip() : value.replace("\\", "").strip();
        int scheme = domain.indexOf("://");
        if (scheme >= 0) {
            domain = domain.substring(scheme + 3);
        }
        if (domain.regionMatches(true, 0, "www.", 0, 4)) {
            domain = domain.substring(4);
        }
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                domain = domain.substring(0, i);
                break;
            }
        }
        return clean(domain);
    }

    private String displayName(int column) {
        return columnName(headers, column);
    }

    private static String columnName(List<String> headers, int column) {
        String header = headers.get(column);
        return header == null || header.isBlank() ? "(unnamed column " + (column + 1) + ")" : header.strip();
    }

    private static void dropWeakGuesses(Column[] columns) {
        Set<Field> strong = new HashSet<>();
        for (Column column : columns) {
            if (column != null && column.rank() < WEAK) {
                strong.add(column.field());
            }
        }
        for (int i = 0; i < columns.length; i++) {
            if (columns[i] != null && columns[i].rank() == WEAK && strong.contains(columns[i].field())) {
                columns[i] = null;
            }
        }
    }

    /**
     * Columns the caller means by a header name: the exact name first (case aside), else the same name spelled
     * loosely. More than one is a name the caller cannot map by.
     */
    private static int[] find(List<String> headers, String name) {
        String wanted = name.strip();
        int[] exact = IntStream.range(0, headers.size())
                .filter(i -> headers.get(i) != null && headers.get(i).strip().equalsIgnoreCase(wanted))
                .toArray();
        if (exact.length > 0) {
            return exact;
        }
        String loose = normalize(wanted);
        return loose.isEmpty() ? exact : IntStream.range(0, headers.size())
                .filter(i -> headers.get(i) != null && normalize(headers.get(i)).equals(loose))
                .toArray();
    }

    private static Column explicitTarget(String header, String target) {
        if (target == null || target.isBlank() || normalize(target).equals("ignore")) {
            return null;
        }
        String key = attributeKey(target);
        if (key != null) {
            if (key.isEmpty()) {
                throw new IllegalArgumentException("The column '" + header + "' is mapped to '" + target
                        + "' without an attribute key; write it as attribute:<key>");
            }
            return new Column(Field.ATTRIBUTE, 0, key);
        }
        Field field = TARGETS.get(normalize(target));
        if (field == null || field == Field.ATTRIBUTE) {
            throw new IllegalArgumentException("The column '" + header + "' is mapped to '" + target
                    + "', which is not a contact field; use one of: " + String.join(", ", TARGET_LIST));
        }
        return new Column(field, 0, null);
    }

    private static Column guess(String header) {
        if (header == null) {
            return null;
        }
        String key = attributeKey(header);
        if (key != null) {
            return key.isEmpty() ? null : new Column(Field.ATTRIBUTE, 0, key);
        }
        return GUESSES.get(normalize(header));
    }

    /** The key of {@code attr:<key>} or {@code attribute:<key>} (empty when missing), or null for other text. */
    private static String attributeKey(String text) {
        String value = text.strip();
        int colon = value.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String prefix = value.substring(0, colon).strip();
        if (!prefix.equalsIgnoreCase("attr") && !prefix.equalsIgnoreCase("attribute")) {
            return null;
        }
        return value.substring(colon + 1).strip();
    }

    /**
     * Each name a person may pick or write for a contact's own field ("Email", "company.name"), with the field as
     * people picking columns read it; the custom attributes aside.
     */
    public static Map<String, String> fieldNames() {
        Map<String, String> names = new LinkedHashMap<>();
        for (Field field : Field.values()) {
            if (field != Field.ATTRIBUTE) {
                names.put(field.label, field.label);
                names.put(field.target, field.label);
            }
        }
        return Collections.unmodifiableMap(names);
    }

    /** Lower-case letters and digits only, so "E-mail Address", "email_address" and "EmailAddress" are one. */
    public static String normalize(String text) {
        StringBuilder normalized = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                normalized.append(Character.toLowerCase(c));
            }
        }
        return normalized.toString();
    }

    private static List<String> targetList() {
        List<String> targets = new ArrayList<>(Arrays.stream(Field.values()).map(f -> f.target).toList());
        targets.add("ignore");
        return List.copyOf(targets);
    }

    private static Map<String, Field> targetsByName() {
        Map<String, Field> targets = new HashMap<>();
        for (Field field : Field.values()) {
            targets.put(normalize(field.target), field);
        }
        targets.put("name", Field.FULL_NAME);
        return Map.copyOf(targets);
    }

    // Header names seen in exports from CRMs, Outlook, Google Contacts and hand-made sheets.
    private static Map<String, Column> guesses() {
        Map<String, Column> guesses = new HashMap<>();
        guess(guesses, Field.EMAIL, 0, "email", "emailaddress", "email1value", "primaryemail");
        guess(guesses, Field.EMAIL, 1, "mail", "workemail", "businessemail");
        guess(guesses, Field.FIRST_NAME, 0, "firstname", "givenname", "forename");
        guess(guesses, Field.LAST_NAME, 0, "lastname", "surname", "familyname");
        guess(guesses, Field.FULL_NAME, 0, "name", "fullname", "contactname", "displayname");
        guess(guesses, Field.PHONE, 0, "phone", "telephone", "phonenumber", "telephonenumber", "businessphone",
                "workphone", "phone1value");
        guess(guesses, Field.PHONE, 1, "mobile", "mobilephone", "mobilenumber", "cell", "cellphone");
        guess(guesses, Field.TITLE, 0, "jobtitle", "position", "organization1title");
        // Outlook's "Title" is Mr./Ms.; it only means the job where there is no better column
        guess(guesses, Field.TITLE, WEAK, "title");
        guess(guesses, Field.COMPANY_NAME, 0, "company", "companyname", "organization", "organisation",
                "organization1name", "account", "accountname");
        guess(guesses, Field.COMPANY_DOMAIN, 0, "companydomain", "domain", "website", "companywebsite", "webpage");
        guess(guesses, Field.COMPANY_INDUSTRY, 0, "industry");
        guess(guesses, Field.COMPANY_SIZE, 0, "companysize", "employees", "numberofemployees", "size");
        guess(guesses, Field.COUNTRY, 0, "country", "businesscountry", "businesscountryregion");
        guess(guesses, Field.REGION, 0, "region", "state", "province", "stateprovince", "businessstate");
        guess(guesses, Field.CITY, 0, "city", "town", "businesscity");
        guess(guesses, Field.TIME_ZONE, 0, "timezone", "tz");
        guess(guesses, Field.SOURCE, 0, "source", "leadsource");
        guess(guesses, Field.OWNER, 0, "owner", "owneremail", "salesrep", "contactowner", "accountowner");
        guess(guesses, Field.VALIDITY, 0, "validity", "status");
        guess(guesses, Field.PREFERRED_CHANNEL, 0, "preferredchannel");
        guess(guesses, Field.LANGUAGE, 0, "language", "preferredlanguage", "lang");
        guess(guesses, Field.TAGS, 0, "tags", "tag");
        // Opt-in columns as CRMs, shops and newsletter tools export them: a yes or no each. Their opposites
        // ("Unsubscribed", "Opt-out") and their dates ("Opt-in date") are never guessed: a yes there is no consent.
        guess(guesses, Field.EMAIL_CONSENT, 0, CONSENT_HEADERS.toArray(String[]::new));
        // these name consent only where nothing names it better: a "Newsletter" column may name the newsletter
        guess(guesses, Field.EMAIL_CONSENT, WEAK, WEAK_CONSENT_HEADERS.toArray(String[]::new));
        guess(guesses, Field.PHONE_CONSENT, 0, "phoneconsent", "consentphone", "phoneoptin", "phoneoptedin",
                "callconsent", "phonemarketingconsent", "consenttocall");
        guess(guesses, Field.SMS_CONSENT, 0, "smsconsent", "consentsms", "smsoptin", "smsoptedin", "textoptin",
                "textconsent", "smsmarketingconsent", "acceptssmsmarketing", "consenttosms");
        guess(guesses, Field.CONSENT_SOURCE, 0, "consentsource", "whereconsentwasgiven", "consentorigin",
                "sourceofconsent", "optinsource", "optinorigin", "subscriptionsource");
        // the built-in date attributes, so a plain "Birthday" column works without attr:
        guesses.put("birthday", new Column(Field.ATTRIBUTE, 0, "birthday"));
        guesses.put("dateofbirth", new Column(Field.ATTRIBUTE, 0, "birthday"));
        guesses.put("anniversary", new Column(Field.ATTRIBUTE, 0, "anniversary"));
        guesses.put("contractexpiry", new Column(Field.ATTRIBUTE, 0, "contract_expiry"));
        guesses.put("leaseexpiry", new Column(Field.ATTRIBUTE, 0, "lease_expiry"));
        return Map.copyOf(guesses);
    }

    private static void guess(Map<String, Column> guesses, Field field, int rank, String... names) {
        for (String name : names) {
            guesses.put(name, new Column(field, rank, null));
        }
    }

    @Override
    public String toString() {
        return "ColumnMapping" + mappedColumns;
    }
}
