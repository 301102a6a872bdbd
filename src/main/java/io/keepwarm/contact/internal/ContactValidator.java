package io.keepwarm.contact.internal;

import io.keepwarm.contact.AttributeDefinition;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.ContactInput;
import io.keepwarm.contact.ContactInput.CompanyInput;
import io.keepwarm.contact.ContactSource;
import io.keepwarm.contact.Validity;
import io.keepwarm.platform.Countries;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.Languages;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks and normalises a contact input against the account's attribute definitions and users. One instance
 * holds a snapshot of both, so an import checks a million rows without asking the database each time.
 */
public final class ContactValidator {

    /** Either the normalised contact, or every reason it was refused. */
    public sealed interface Result {
        record Valid(ValidContact contact) implements Result {}

        record Invalid(List<FieldError> errors) implements Result {
            public String reason() {
                return String.join("; ", errors.stream().map(e -> e.field() + " " + e.message()).toList());
            }
        }
    }

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern PHONE = Pattern.compile("[+0-9 ()./\\-#*]*(?:(?:x|ext\\.?)\\s*[0-9]+)?");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern SCHEME = Pattern.compile("^https?://");
    private static final Pattern WWW = Pattern.compile("^www\\.");
    private static final Pattern URL_PATH = Pattern.compile("[/?#].*$");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)+");
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    private final Map<String, AttributeDefinition> attributes;
    private final Function<String, List<SalesUser>> salesUsers;
    private final Function<String, String> closeOwner;

    /** A SALES user an owner cell may name, described so a person can tell two of the same name apart. */
    public record SalesUser(long id, String description) {}

    /**
     * @param attributes the defined attributes by key
     * @param salesUsers the SALES users a name (id, username, display name or email) could be
     */
    public ContactValidator(Map<String, AttributeDefinition> attributes, Function<String, List<SalesUser>> salesUsers) {
        this(attributes, salesUsers, name -> null);
    }

    /**
     * @param closeOwner for a name no SALES user has, the name or username of the one SALES user it is a slip of the
     *     keyboard away from ("Ann Smiht" for "Ann Smith"), or null: suggested in the refusal, never taken
     */
    public ContactValidator(Map<String, AttributeDefinition> attributes, Function<String, List<SalesUser>> salesUsers,
            Function<String, String> closeOwner) {
        this.attributes = Map.copyOf(attributes);
        this.salesUsers = salesUsers;
        this.closeOwner = closeOwner;
    }

    public static String normaliseEmail(String email) {
        String e = email.strip().toLowerCase(Locale.ROOT);
        return e.startsWith("mailto:") ? e.substring(7) : e;
    }

    public Result check(ContactInput in) {
        List<FieldError> errors = new ArrayList<>();
        String email = email(in.email(), errors);
        ValidContact contact = new ValidContact(
                email,
                text("firstName", in.firstName(), 100, errors),
                text("lastName", in.lastName(), 100, errors),
                phone(in.phone(), errors),
                text("title", in.title(), 200, errors),
                company(in.company(), errors),
                country(in.country(), errors),
                text("region", in.region(), 100, errors),
                text("city", in.city(), 100, errors),
                zone(in.timeZone(), errors),
                oneOf("source", in.source(), ContactSource.class, errors),
                owner(in.owner(), errors),
                oneOf("validity", in.validity(), Validity.class, errors),
                oneOf("preferredChannel", in.preferredChannel(), Channel.class, errors),
                language(in.language(), errors),
                attributes(in.attributes(), errors),
                tags(in.tags(), errors),
                consents(in.consents(), errors));
        return errors.isEmpty() ? new Result.Valid(contact) : new Result.Invalid(errors);
    }

    /** The address normalised, or null with the error added to errors when it is missing or not an address. */
    public static String email(String raw, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldError("email", "is required"));
            return null;
        }
        String email = normaliseEmail(raw);
        if (email.length() > 254 || !EMAIL.matcher(email).matches() || email.indexOf('@') > 64
                || any(email, Character::isISOControl)) {
            errors.add(new FieldError("email", "'" + clip(raw) + "' is not an email address"));
            return null;
        }
        return email;
    }

    public static String text(String field, String raw, int max, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String value = raw.strip();
        if (value.length() > max) {
            errors.add(new FieldError(field, "has " + value.length() + " characters; at most " + max + " are allowed"));
            return null;
        }
        if (any(value, c -> c < 0x20)) {
            errors.add(new FieldError(field, "must not contain control characters or line breaks"));
            return null;
        }
        return value;
    }

    private static String phone(String raw, List<FieldError> errors) {
        String phone = text("phone", raw, 40, errors);
        if (phone == null) {
            return null;
        }
        phone = SPACES.matcher(phone).replaceAll(" ");
        if (!PHONE.matcher(phone.toLowerCase(Locale.ROOT)).matches() || digits(phone) < 3) {
            errors.add(new FieldError("phone", "'" + clip(raw) + "' is not a phone number"));
            return null;
        }
        return phone;
    }

    /** Whether any character of the text is one of these; a loop, since every field of every imported row asks. */
    private static boolean any(String text, java.util.function.IntPredicate which) {
        for (int i = 0; i < text.length(); i++) {
            if (which.test(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static int digits(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            digits += Character.isDigit(text.charAt(i)) ? 1 : 0;
        }
        return digits;
    }

    private static CompanyInput company(CompanyInput in, List<FieldError> errors) {
        if (in == null) {
            return null;
        }
        String name = text("company.name", in.name(), 200, errors);
        String domain = text("company.domain", in.domain(), 253, errors);
        if (domain != null) {
            domain = URL_PATH.matcher(WWW.matcher(SCHEME.matcher(domain.toLowerCase(Locale.ROOT)).replaceFirst(""))
                    .replaceFirst("")).replaceFirst("");
            if (!DOMAIN.matcher(domain).matches()) {
                errors.add(new FieldError("company.domain", "'" + clip(in.domain()) + "' is not a domain name"));
            }
        }
        if (name == null) {
            // A name refused for its length is said once, as too long, not again as missing.
            boolean given = in.name() != null && !in.name().isBlank();
            if (!given && (domain != null || in.industry() != null || in.size() != null)) {
                errors.add(new FieldError("company.name", "is required when other company fields are given"));
            }
            return null;
        }
        return new CompanyInput(name, domain, text("company.industry", in.industry(), 100, errors),
                text("company.size", in.size(), 40, errors));
    }

    /**
     * The ISO code of the country, as an import stores it: "Germany" from an API call or an address book is "DE",
     * so one segment rule ({@code country = "DE"}), territory or opt-out country finds the contact whichever way
     * they came in. A country no one can match is refused, as an import's row is.
     */
    private static String country(String raw, List<FieldError> errors) {
        String given = text("country", raw, 100, errors);
        if (given == null) {
            return null;
        }
        String code = Countries.iso2(given);
        if (code == null) {
            String several = Countries.several(given);
            errors.add(new FieldError("country", several != null ? several : "'" + clip(raw) + "' is not a country we"
                    + " know; give its ISO code (DE) or its English name (Germany)"));
        }
        return code;
    }

    /** The ISO 639-1 code, in lower case as stored ("DE" is "de"); a language's name ("German") is refused. */
    private static String language(String raw, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return Languages.code(raw).orElseGet(() -> {
            errors.add(new FieldError("language", Languages.problem(raw.strip())));
            return null;
        });
    }

    private static String zone(String raw, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String zone = raw.strip();
        if (!ZONES.contains(zone)) {
            errors.add(new FieldError("timeZone", "'" + clip(raw) + "' is not an IANA time zone such as Europe/Berlin"));
            return null;
        }
        return zone;
    }

    static <E extends Enum<E>> E oneOf(String field, String raw, Class<E> type, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String name = raw.strip().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "'" + clip(raw) + "' is not one of " + Arrays.toString(type.getEnumConstants())));
            return null;
        }
    }

    private Long owner(String raw, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        List<SalesUser> owners = salesUsers.apply(raw.strip());
        if (owners.isEmpty()) {
            String close = closeOwner.apply(raw.strip());
            errors.add(new FieldError("owner", "'" + clip(raw) + "': no SALES user has that id, username, name or email"
                    + (close == null ? "" : "; did you mean '" + clip(close) + "'?")));
            return null;
        }
        if (owners.size() > 1) {
            errors.add(new FieldError("owner", "'" + clip(raw) + "' could be any of "
                    + String.join(", ", owners.stream().map(SalesUser::description).toList())
                    + "; name the owner by username or email"));
            return null;
        }
        return owners.getFirst().id();
    }

    private Map<String, AttributeValue> attributes(Map<String, String> raw, List<FieldError> errors) {
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        raw.forEach((key, value) -> {
            AttributeDefinition definition = attributes.get(key);
            if (definition == null) {
                errors.add(new FieldError("attributes." + key, "is not a defined attribute; define it at /api/v1/attributes first"));
            } else if (value != null && !value.isBlank()) {
                AttributeValue parsed = attributeValue(definition, value.strip(), errors);
                if (parsed != null) {
                    values.put(key, parsed);
                }
            }
        });
        return values;
    }

    /** Parses one value for its attribute's type; null (with an error added) when it does not fit. */
    public static AttributeValue attributeValue(AttributeDefinition definition, String value, List<FieldError> errors) {
        String field = "attributes." + definition.key();
        try {
            return switch (definition.type()) {
                case TEXT -> {
                    String text = text(field, value, 1000, errors);
                    yield text == null ? null : AttributeValue.ofText(text);
                }
                case NUMBER -> AttributeValue.ofNumber(number(value));
                case DATE -> AttributeValue.ofDate(LocalDate.parse(value));
                case BOOLEAN -> AttributeValue.ofBoolean(bool(value));
                case ONE_OF -> AttributeValue.ofText(definition.options().stream()
                        .filter(option -> option.equalsIgnoreCase(value))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("is not one of " + definition.options())));
            };
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "'" + clip(value) + "' is not a number"));
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "'" + clip(value) + "' is not a date as yyyy-mm-dd"));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "'" + clip(value) + "' " + e.getMessage()));
        }
        return null;
    }

    /** A number that fits the stored NUMERIC(30, 6): at most 24 digits before the point. */
    private static BigDecimal number(String value) {
        BigDecimal number = new BigDecimal(value);
        if (number.precision() - number.scale() > 24) {
            throw new IllegalArgumentException("is too large; at most 24 digits before the decimal point");
        }
        return number;
    }

    private static boolean bool(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1" -> true;
            case "false", "no", "n", "0" -> false;
            default -> throw new IllegalArgumentException("is not true or false");
        };
    }

    /**
     * Tags are labels without case: 'HPC' and 'hpc' are one tag. Storing them in lower case lets rules and
     * filters match them exactly, with an index, instead of comparing LOWER(tag) row by row.
     */
    public static String tag(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }

    private static Set<String> tags(List<String> raw, List<FieldError> errors) {
        Set<String> tags = new LinkedHashSet<>();
        for (String tag : raw) {
            String value = text("tags", tag, 60, errors);
            if (value != null) {
                tags.add(tag(value));
            }
        }
        if (tags.size() > 100) {
            errors.add(new FieldError("tags", "at most 100 tags per contact"));
        }
        return tags;
    }

    private static List<ValidContact.Consent> consents(List<ContactInput.ConsentInput> raw, List<FieldError> errors) {
        List<ValidContact.Consent> consents = new ArrayList<>();
        for (ContactInput.ConsentInput in : raw) {
            if (in == null) {
                errors.add(new FieldError("consents", "must not hold empty entries"));
                continue;
            }
            Channel channel = oneOf("consents.channel", in.channel(), Channel.class, errors);
            ConsentState state = oneOf("consents.state", in.state(), ConsentState.class, errors);
            String source = text("consents.source", in.source(), 200, errors);
            if (channel == null || state == null) {
                if (in.channel() == null || in.state() == null) {
                    errors.add(new FieldError("consents", "each consent needs a channel and a state"));
                }
            } else if (source == null) {
                errors.add(new FieldError("consents.source", "is required: consent is only recorded with where it came from"));
            } else {
                consents.add(new ValidContact.Consent(channel, state, source, null, in.notGranted()));
            }
        }
        return consents;
    }

    /** The start of a bad value, to quote in a message; control characters are shown as '?'. */
    private static String clip(String raw) {
        String shown = raw.replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 60 ? shown.substring(0, 57) + "..." : shown;
    }
}
