package io.keepwarm.contact.web;

import io.keepwarm.contact.AttributeDefinition;
import io.keepwarm.contact.AttributeType;
import io.keepwarm.contact.Attributes;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.ContactFilter;
import io.keepwarm.contact.ContactSort;
import io.keepwarm.contact.ContactInput;
import io.keepwarm.contact.ContactSource;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.Merges;
import io.keepwarm.contact.Notes;
import io.keepwarm.contact.PersonalData;
import io.keepwarm.contact.Tags;
import io.keepwarm.contact.Validity;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.IdempotencyRecords;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.Languages;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.web.BodyAsRead;
import io.keepwarm.platform.web.UnreadableValues;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The contact book over HTTP. */
@RestController
@RequestMapping("/api/v1")
class ContactController {

    record NoteRequest(@NotBlank @Size(max = 10_000) String body) {}

    record TagsRequest(@NotEmpty List<@NotBlank @Size(max = 60) String> tags) {}

    record ConsentRequest(@NotNull Channel channel, @NotNull ConsentState state, @NotBlank @Size(max = 200) String source,
            @Valid EvidenceRequest evidence) {}

    /** {@code language}: the ISO 639-1 code of the language the person read {@code text} in ("de"), or null. */
    record EvidenceRequest(@Size(max = 200) String form, @Size(max = 45) String ip, @Size(max = 2000) String text,
            String language) {}

    record ConsentView(Map<Channel, Consents.Current> current, List<Consents.Entry> ledger) {}

    record MergeRequest(@NotNull Long survivorId, @NotNull Long mergedId) {}

    /** A new attribute: checked by {@link Attributes#define} as a whole, a key or label another has among its mistakes. */
    record AttributeRequest(String key, String label, AttributeType type, List<String> options) {

        AttributeDefinition definition() {
            return new AttributeDefinition(key, label, type, options, false);
        }
    }

    private final Contacts contacts;
    private final Notes notes;
    private final Tags tags;
    private final Consents consents;
    private final Merges merges;
    private final PersonalData personalData;
    private final Attributes attributes;
    private final IdempotencyRecords idempotency;
    private final JsonMapper json;

    ContactController(Contacts contacts, Notes notes, Tags tags, Consents consents, Merges merges,
            PersonalData personalData, Attributes attributes, IdempotencyRecords idempotency, JsonMapper json) {
        this.idempotency = idempotency;
        this.json = json;
        this.contacts = contacts;
        this.notes = notes;
        this.tags = tags;
        this.consents = consents;
        this.merges = merges;
        this.personalData = personalData;
        this.attributes = attributes;
    }

    /** Creates the contact, or updates the one with this email: 201 when new, 200 when it existed. */
    @PostMapping("/contacts")
    ResponseEntity<Contact> upsert(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            schema = @Schema(implementation = ContactInput.class))) @RequestBody JsonNode body, HttpServletRequest request) {
        JsonNode email = body == null ? null : body.get("email");
        Contact current = email != null && email.isString()
                ? contacts.findIdByEmail(email.asString()).map(contacts::get).orElse(null) : null;
        List<InvalidInputException.FieldError> errors = new java.util.ArrayList<>();
        ContactInput input = input(ContactAsRead.forUpsert(body, current, errors), request, errors);
        if (!errors.isEmpty()) {
            // An owner or consent not as read is told with the other fields' mistakes, not before them.
            errors.addAll(contacts.problems(input));
            ContactAsRead.checked(errors);
        }
        Contacts.Upserted result = contacts.upsert(input);
        idempotency.answerIsAbout(result.contact().id());
        return result.created()
                ? ResponseEntity.created(URI.create("/api/v1/contacts/" + result.contact().id())).body(result.contact())
                : ResponseEntity.ok(result.contact());
    }

    /** A page of contacts, filtered, in id order or the order {@code sort} names. */
    @GetMapping("/contacts")
    Page<Contact> list(@RequestParam(required = false) String q, @RequestParam(required = false) String tag,
            @RequestParam(required = false) Validity validity, @RequestParam(required = false) ContactSource source,
            @RequestParam(required = false) Long ownerId, @RequestParam(required = false) Long companyId,
            @RequestParam(required = false) Instant updatedSince,
            @io.swagger.v3.oas.annotations.Parameter(description = "lastName, email, company, score, updatedAt or"
                    + " createdAt; with a \"-\" before it descending (-updatedAt: newest first)")
            @RequestParam(required = false) String sort, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return contacts.list(new ContactFilter(q, tag, validity, source, ownerId, companyId, updatedSince),
                ContactSort.parse(sort), cursor, Cursor.limit(limit));
    }

    @GetMapping("/contacts/{id}")
    Contact one(@PathVariable long id) {
        return contacts.get(id);
    }

    @PatchMapping(path = "/contacts/{id}", consumes = {"application/json", "application/merge-patch+json"})
    Contact patch(@PathVariable long id, @RequestBody JsonNode patch) {
        List<InvalidInputException.FieldError> errors = new java.util.ArrayList<>();
        return contacts.patch(id, PatchReader.read(ContactAsRead.forPatch(patch, contacts.get(id), errors), errors));
    }

    /**
     * The body read as a contact, its mistakes answered as those of any body Spring reads: all at once, with the
     * {@code earlier} ones found in it.
     */
    private ContactInput input(JsonNode body, HttpServletRequest request, List<InvalidInputException.FieldError> earlier) {
        if (body == null || body.isNull()) {
            throw InvalidInputException.field("body", "must be a JSON object of the contact's fields, not null");
        }
        try {
            return UnreadableValues.read(json, body, ContactInput.class);
        } catch (UnreadableValues unreadable) {
            throw unreadable.with(earlier);
        } catch (JacksonException e) {
            throw new HttpMessageNotReadableException(e.getOriginalMessage(), e, new ServletServerHttpRequest(request));
        }
    }

    /** Erases the contact (GDPR): personal data gone everywhere, the address kept only as a suppression hash. */
    @DeleteMapping("/contacts/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void erase(@PathVariable long id) {
        personalData.erase(id);
    }

    @GetMapping("/contacts/{id}/export")
    JsonNode export(@PathVariable long id) {
        return personalData.export(id);
    }

    @GetMapping("/contacts/{id}/notes")
    Page<Notes.Note> notes(@PathVariable long id, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return notes.page(id, cursor, Cursor.limit(limit));
    }

    @GetMapping("/contacts/{id}/notes/{noteId}")
    Notes.Note note(@PathVariable long id, @PathVariable long noteId) {
        return notes.get(id, noteId);
    }

    @PostMapping("/contacts/{id}/notes")
    ResponseEntity<Notes.Note> addNote(@PathVariable long id, @Valid @RequestBody NoteRequest request) {
        Notes.Note note = notes.add(id, request.body());
        return ResponseEntity.created(URI.create("/api/v1/contacts/" + id + "/notes/" + note.id())).body(note);
    }

    @GetMapping("/contacts/{id}/tags")
    Page<String> tags(@PathVariable long id, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return tags.page(id, cursor, Cursor.limit(limit));
    }

    @PostMapping("/contacts/{id}/tags")
    List<String> addTags(@PathVariable long id, @Valid @RequestBody TagsRequest request) {
        return tags.addByRequest(id, request.tags());
    }

    @PutMapping("/contacts/{id}/tags/{tag}")
    List<String> addTag(@PathVariable long id, @PathVariable String tag) {
        return tags.addByRequest(id, List.of(tag));
    }

    @DeleteMapping("/contacts/{id}/tags/{tag}")
    List<String> removeTag(@PathVariable long id, @PathVariable String tag) {
        return tags.removeByRequest(id, tag);
    }

    @GetMapping("/contacts/{id}/consents")
    ConsentView consents(@PathVariable long id) {
        return new ConsentView(consents.current(id), consents.ledger(id));
    }

    @GetMapping("/contacts/{id}/consents/{entryId}")
    Consents.Entry consent(@PathVariable long id, @PathVariable long entryId) {
        return consents.entry(id, entryId);
    }

    @PostMapping("/contacts/{id}/consents")
    ResponseEntity<Consents.Entry> recordConsent(@PathVariable long id, @Valid @RequestBody ConsentRequest request) {
        EvidenceRequest e = request.evidence();
        String language = e == null || e.language() == null ? null : Languages.code(e.language())
                .orElseThrow(() -> InvalidInputException.field("evidence.language", Languages.problem(e.language())));
        Consents.Entry entry = consents.record(id, new Consents.Statement(request.channel(), request.state(),
                request.source().strip(), e == null ? null : new Consents.Evidence(e.form(), e.ip(), e.text(), null,
                        language)));
        return ResponseEntity.created(URI.create("/api/v1/contacts/" + id + "/consents/" + entry.id())).body(entry);
    }

    @PostMapping("/contacts/merge")
    Contact merge(@Valid @RequestBody MergeRequest request) {
        Contact survivor = merges.merge(request.survivorId(), request.mergedId());
        idempotency.answerIsAbout(survivor.id());
        return survivor;
    }

    @GetMapping("/attributes")
    Page<AttributeDefinition> attributes(@RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return attributes.page(cursor, Cursor.limit(limit));
    }

    @GetMapping("/attributes/{key}")
    AttributeDefinition attribute(@PathVariable String key) {
        return attributes.get(key);
    }

    @PostMapping("/attributes")
    ResponseEntity<AttributeDefinition> define(@RequestBody BodyAsRead<AttributeRequest> body) {
        AttributeDefinition defined = attributes.define(
                body.checked(request -> attributes.problems(request.definition())).definition());
        return ResponseEntity.created(URI.create("/api/v1/attributes/" + defined.key())).body(defined);
    }

    @DeleteMapping("/attributes/{key}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeAttribute(@PathVariable String key) {
        attributes.remove(key);
    }
}
