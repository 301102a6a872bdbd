package io.keepwarm.ui;

import io.keepwarm.contact.Contact;
import io.keepwarm.contact.ContactInput;
import io.keepwarm.contact.ContactInput.CompanyInput;
import io.keepwarm.contact.ContactPatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A contact's fields as typed on the new-contact and edit forms, kept as given so a refused save shows them again.
 * Each field is named as the contact module names it in its refusals ("company.industry", "attributes.plan"), so an
 * error finds its field. An edit carries the values it was opened with ({@code was}): only what the person changed
 * from those goes into the patch, so a field someone else changed meanwhile keeps their value.
 */
class ContactForm {

    /** The fields of the form, in the module's names, with how each is read from a stored contact. */
    private static final Map<String, Function<Contact, Object>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("email", Contact::email);
        FIELDS.put("firstName", Contact::firstName);
        FIELDS.put("lastName", Contact::lastName);
        FIELDS.put("phone", Contact::phone);
        FIELDS.put("title", Contact::title);
        FIELDS.put("company.name", c -> c.company() == null ? null : c.company().name());
        FIELDS.put("company.domain", c -> c.company() == null ? null : c.company().domain());
        FIELDS.put("company.industry", c -> c.company() == null ? null : c.company().industry());
        FIELDS.put("company.size", c -> c.company() == null ? null : c.company().size());
        FIELDS.put("country", Contact::country);
        FIELDS.put("region", Contact::region);
        FIELDS.put("city", Contact::city);
        FIELDS.put("timeZone", Contact::timeZone);
        FIELDS.put("owner", Contact::ownerId);
        FIELDS.put("source", Contact::source);
        FIELDS.put("preferredChannel", Contact::preferredChannel);
        FIELDS.put("language", Contact::language);
    }

    /** The fields as a person reads them in "changed phone, job title". */
    private static final Map<String, String> WORDS = Map.ofEntries(Map.entry("email", "email"),
            Map.entry("firstName", "first name"), Map.entry("lastName", "last name"), Map.entry("phone", "phone"),
            Map.entry("title", "job title"), Map.entry("company.name", "company"),
            Map.entry("company.domain", "company domain"), Map.entry("company.industry", "industry"),
            Map.entry("company.size", "company size"), Map.entry("country", "country"), Map.entry("region", "region"),
            Map.entry("city", "city"), Map.entry("timeZone", "time zone"), Map.entry("owner", "owner"),
            Map.entry("source", "source"), Map.entry("preferredChannel", "preferred channel"),
            Map.entry("language", "language"));

    private Map<String, String> fields = new LinkedHashMap<>();
    private Map<String, String> attributes = new LinkedHashMap<>();
    private Map<String, String> was = new LinkedHashMap<>();

    /** A blank form: the time zone and owner given (none: the country's decides; a rep owns what they create). */
    static ContactForm blank(String timeZone, Long owner) {
        ContactForm form = new ContactForm();
        form.fields.put("timeZone", timeZone);
        form.fields.put("owner", Forms.text(owner));
        return form;
    }

    /** The form filled with the contact as stored, which is also what it was opened with. */
    static ContactForm of(Contact contact) {
        ContactForm form = new ContactForm();
        FIELDS.forEach((name, read) -> form.fields.put(name, Forms.text(read.apply(contact))));
        contact.attributes().forEach((key, value) -> form.attributes.put(key, Forms.text(value)));
        form.was.putAll(form.fields);
        form.attributes.forEach((key, value) -> form.was.put("attributes." + key, value));
        return form;
    }

    /** What a new contact is made of; blank fields are none. */
    ContactInput input() {
        Map<String, String> given = new LinkedHashMap<>();
        attributes.forEach((key, value) -> {
            if (Forms.blankToNull(value) != null) {
                given.put(key, value);
            }
        });
        return new ContactInput(value("email"), value("firstName"), value("lastName"), value("phone"), value("title"),
                company().orElse(null), value("country"), value("region"), value("city"), value("timeZone"),
                value("source"), value("owner"), null, value("preferredChannel"), value("language"), given, List.of(), List.of());
    }

    /**
     * The change the person made, as a merge patch: a field changed from what the form was opened with is sent (a
     * blank one as cleared), every other field is left out; the company's four fields go together, as one company.
     */
    ContactPatch patch() {
        Map<String, String> attributeChanges = new LinkedHashMap<>();
        attributes.forEach((key, value) -> {
            if (changed("attributes." + key)) {
                attributeChanges.put(key, Forms.blankToNull(value));
            }
        });
        boolean company = FIELDS.keySet().stream().filter(f -> f.startsWith("company.")).anyMatch(this::changed);
        return new ContactPatch(change("email"), change("firstName"), change("lastName"), change("phone"),
                change("title"), company ? company() : null, change("country"), change("region"), change("city"),
                change("timeZone"), change("source"), change("owner"), null, change("preferredChannel"),
                change("language"), null,
                attributeChanges.isEmpty() ? null : attributeChanges);
    }

    /** The fields changed from what the form was opened with, in words ("phone", "job title", an attribute's label). */
    List<String> changedWords(Map<String, String> attributeLabels) {
        List<String> words = new java.util.ArrayList<>();
        FIELDS.keySet().stream().filter(this::changed).map(WORDS::get).forEach(words::add);
        attributes.keySet().stream().filter(key -> changed("attributes." + key))
                .map(key -> attributeLabels.getOrDefault(key, key)).forEach(words::add);
        return words;
    }

    /** Whether the form has a field of this name (the module's): where a refusal of it is shown. */
    static boolean isField(String name) {
        return FIELDS.containsKey(name) || name.startsWith("attributes.");
    }

    /** Whether the field (in the module's name) was sent changed. */
    boolean changed(String name) {
        String now = name.startsWith("attributes.") ? attributes.get(name.substring("attributes.".length()))
                : fields.get(name);
        return !Objects.equals(Forms.blankToNull(now), Forms.blankToNull(was.get(name)));
    }

    /** The value typed into a field (in the module's name), blank for none. */
    String value(String name) {
        return Forms.blankToNull(fields.get(name));
    }

    private Optional<String> change(String name) {
        return changed(name) ? Optional.ofNullable(value(name)) : null;
    }

    private Optional<CompanyInput> company() {
        String name = value("company.name");
        String domain = value("company.domain");
        String industry = value("company.industry");
        String size = value("company.size");
        return name == null && domain == null && industry == null && size == null ? Optional.empty()
                : Optional.of(new CompanyInput(name, domain, industry, size));
    }

    public Map<String, String> getFields() { return fields; }
    public void setFields(Map<String, String> fields) { this.fields = fields == null ? new LinkedHashMap<>() : fields; }
    public Map<String, String> getAttributes() { return attributes; }
    public void setAttributes(Map<String, String> attributes) { this.attributes = attributes == null ? new LinkedHashMap<>() : attributes; }
    public Map<String, String> getWas() { return was; }
    public void setWas(Map<String, String> was) { this.was = was == null ? new LinkedHashMap<>() : was; }
}
