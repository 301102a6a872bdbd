package io.keepwarm.segment.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.web.BodyAsRead;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Segment;
import io.keepwarm.segment.SegmentMember;
import io.keepwarm.segment.Segments;
import io.keepwarm.segment.internal.Membership;
import io.keepwarm.segment.internal.RuleJson;
import io.keepwarm.segment.internal.RuleText;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/** Segments over HTTP: a rule is given either as JSON ({@code rule}) or in the text syntax ({@code text}). */
@RestController
@RequestMapping("/api/v1")
class SegmentController {

    /**
     * A rule in one of its two forms, or in both as a GET shows them (sent back after a change elsewhere), as long as
     * the two say the same.
     */
    record RuleInput(JsonNode rule, String text) {

        Rule read() {
            boolean json = rule != null && !rule.isNull();
            if (!json && text == null) {
                throw InvalidInputException.field("rule",
                        "is required: give it as 'text' (tag = \"hpc\" and stage = NURTURE) or as JSON in 'rule'");
            }
            if (!json) {
                return RuleText.parse(text);
            }
            Rule fromJson = RuleJson.read(rule);
            if (text != null && !RuleText.print(RuleText.parse(text)).equals(RuleText.print(fromJson))) {
                throw InvalidInputException.field("rule", "give the rule either as JSON in 'rule' or as 'text', not both:"
                        + " here the two say different things (changed one? leave the other out)");
            }
            return fromJson;
        }
    }

    /** A segment as written; the members only a GET shows (the server's to set) are taken and ignored. */
    @JsonIgnoreProperties({"id", "timeDependent", "createdBy", "createdAt", "updatedAt", "refreshedAt"})
    record SegmentRequest(String name, String description, JsonNode rule, String text) {}

    /** A segment with its rule in both forms. */
    record SegmentView(long id, String name, String description, JsonNode rule, String text, boolean timeDependent,
            String createdBy, Instant createdAt, Instant updatedAt, Instant refreshedAt) {

        static SegmentView of(Segment s) {
            return new SegmentView(s.id(), s.name(), s.description(), RuleJson.write(s.rule()), RuleText.print(s.rule()),
                    s.timeDependent(), s.createdBy(), s.createdAt(), s.updatedAt(), s.refreshedAt());
        }
    }

    record PreviewView(long count, List<SegmentMember> sample, List<String> warnings, JsonNode rule, String text) {}

    private final Segments segments;
    private final Membership membership;

    SegmentController(Segments segments, Membership membership) {
        this.segments = segments;
        this.membership = membership;
    }

    @PostMapping("/segments")
    ResponseEntity<SegmentView> create(@RequestBody BodyAsRead<SegmentRequest> body) {
        SegmentRequest request = checked(body, null);
        Segment segment = located(request.text(), () -> segments.create(draft(request, null)));
        return ResponseEntity.created(URI.create("/api/v1/segments/" + segment.id())).body(SegmentView.of(segment));
    }

    /**
     * The request, or every mistake of it at once: values that cannot be read (an unknown field, a name that is not
     * text), a name another segment has, and the rule's, each at its field. The rule's mistakes are left out when its
     * text cannot be read, as they would be said of nothing.
     */
    private SegmentRequest checked(BodyAsRead<SegmentRequest> body, Long id) {
        return body.dependent("rule", "text").checked(request -> {
            located(request.text(), () -> {
                segments.checkWhole(id, draft(request, id));
                return null;
            });
            return List.of();
        });
    }

    /** The segment as Segments takes it; a rule that cannot be read is refused beside the name's mistakes. */
    private Segments.Draft draft(SegmentRequest request, Long id) {
        try {
            return new Segments.Draft(request.name(), request.description(),
                    new RuleInput(request.rule(), request.text()).read());
        } catch (InvalidInputException unreadable) {
            throw InvalidInputException.together(segments.mistakes(id, request.name(), request.description()),
                    unreadable);
        }
    }

    @GetMapping("/segments")
    Page<SegmentView> list(@RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        Page<Segment> page = segments.list(cursor, Cursor.limit(limit));
        return new Page<>(page.items().stream().map(SegmentView::of).toList(), page.nextCursor());
    }

    @GetMapping("/segments/{id}")
    SegmentView get(@PathVariable long id) {
        return SegmentView.of(segments.get(id));
    }

    @PutMapping("/segments/{id}")
    SegmentView update(@PathVariable long id, @RequestBody BodyAsRead<SegmentRequest> body) {
        SegmentRequest request = checked(body, id);
        return SegmentView.of(located(request.text(), () -> segments.update(id, draft(request, id))));
    }

    @DeleteMapping("/segments/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        segments.delete(id);
    }

    @GetMapping("/segments/{id}/count")
    Map<String, Long> count(@PathVariable long id) {
        return Map.of("count", segments.count(id));
    }

    @GetMapping("/segments/{id}/members")
    Page<SegmentMember> members(@PathVariable long id, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return segments.members(id, cursor, Cursor.limit(limit));
    }

    @PostMapping("/segments/preview")
    PreviewView preview(@RequestBody RuleInput input) {
        Rule rule = input.read();
        Segments.Preview preview = located(input.text(), () -> segments.preview(rule));
        return new PreviewView(preview.count(), preview.sample(), preview.warnings(), RuleJson.write(rule),
                RuleText.print(rule));
    }

    /**
     * What checks a rule; a mistake in one given as text is answered at its line and column (problem members line and
     * column), as a syntax error is.
     */
    private static <T> T located(String text, Supplier<T> checking) {
        try {
            return checking.get();
        } catch (InvalidInputException e) {
            throw text == null ? e : RuleText.locate(text, e);
        }
    }

    @PostMapping("/admin/segments/refresh")
    Membership.Refreshed refresh() {
        return membership.refresh(true);
    }
}
