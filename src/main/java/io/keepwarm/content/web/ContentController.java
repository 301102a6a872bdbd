package io.keepwarm.content.web;

import io.keepwarm.content.ContentDraft;
import io.keepwarm.content.ContentFilter;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.content.ContentStatus;
import io.keepwarm.content.ContentType;
import io.keepwarm.content.Rendered;
import io.keepwarm.content.SavedContent;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.IdempotencyRecords;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.web.BodyAsRead;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The content library over HTTP; PUT replaces the whole item, as POST creates it. */
@RestController
@RequestMapping("/api/v1/content")
class ContentController {

    private final ContentLibrary library;
    private final IdempotencyRecords idempotency;

    ContentController(ContentLibrary library, IdempotencyRecords idempotency) {
        this.library = library;
        this.idempotency = idempotency;
    }

    /** The piece created, with {@code warnings}: what cleaning its HTML removed, and a fallback its subject shows. */
    @PostMapping
    ResponseEntity<SavedContent> create(@RequestBody BodyAsRead<ContentDraft> body) {
        SavedContent saved = library.create(checked(body));
        return ResponseEntity.created(URI.create("/api/v1/content/" + saved.item().id())).body(saved);
    }

    /**
     * The draft, or every mistake of it at once: those of values that cannot be read and the piece's own checks'. The
     * variables a piece's text may use come from its landing address or page, its offer and its fallbacks.
     */
    private ContentDraft checked(BodyAsRead<ContentDraft> body) {
        return body.dependent("variants", "landingUrl", "landing", "offer", "fallbacks").checked(library::problems);
    }

    @GetMapping
    Page<ContentItem> list(@RequestParam(required = false) ContentType type,
            @RequestParam(required = false) ContentStatus status, @RequestParam(required = false) String topic,
            @RequestParam(required = false) Stage stage, @RequestParam(required = false) String language,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return library.list(new ContentFilter(type, status, topic, stage, language), cursor, Cursor.limit(limit));
    }

    @GetMapping("/{id}")
    ContentItem get(@PathVariable long id) {
        return library.get(id);
    }

    /** The piece replaced, with {@code warnings}: what cleaning its HTML removed, and a fallback its subject shows. */
    @PutMapping("/{id}")
    SavedContent update(@PathVariable long id, @RequestBody BodyAsRead<ContentDraft> body) {
        return library.update(id, checked(body));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        library.delete(id);
    }

    /** The piece rendered for a contact, with the warnings the editor's preview shows beside it. */
    @Operation(summary = "Preview a piece as one contact",
            description = "Renders every channel of the piece for the contact, with links that lead nowhere, and says in"
                    + " 'warnings' what the editor's preview warns of: a fallback the subject shows.")
    @PostMapping("/{id}/preview")
    ContentPreview preview(@PathVariable long id, @RequestParam long contact) {
        idempotency.answerIsAbout(contact); // the piece rendered with the contact's name and attributes
        Rendered rendered = library.preview(id, contact);
        return new ContentPreview(rendered, library.subjectFallbacks(library.get(id)));
    }
}
