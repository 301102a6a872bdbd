package io.keepwarm.content.internal;

import io.keepwarm.content.ContentDraft;
import io.keepwarm.content.ContentFilter;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentStatus;
import io.keepwarm.content.CustomAttributes;
import io.keepwarm.contact.Attributes;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.segment.Segments;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Turns a draft into a checked, normalised item (id and audit fields left empty): every mistake is gathered into one
 * 400 naming its field. HTML is sanitised and the text part derived here.
 */
@Component
public class ContentChecks {

    /** The checked item, and what cleaning its HTML removed (see {@link HtmlSanitizer.Cleaned#removed}). */
    public record Checked(ContentItem item, List<String> removed) {}

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[a-z0-9]{2,8})*");
    private static final Pattern OFFER_KEY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,59}");

    private final Segments segments;
    private final LiquidTemplates liquid;
    private final HtmlSanitizer sanitizer;
    private final ContentStore store;
    private final Attributes attributes;

    ContentChecks(Segments segments, LiquidTemplates liquid, HtmlSanitizer sanitizer, ContentStore store,
            Attributes attributes) {
        this.attributes = attributes;
        this.store = store;
        this.segments = segments;
        this.liquid = liquid;
        this.sanitizer = sanitizer;
    }

    public Checked check(ContentDraft draft) {
        return check(draft, 0);
    }

    /** The same, the item named by the id of the saved piece the draft changes, as its preview's links name it. */
    public Checked check(ContentDraft draft, long id) {
        List<FieldError> errors = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        String name = text(draft.name(), "name", 200, true, errors);
        if (draft.type() == null) {
            errors.add(new FieldError("type", "is required: one of " + List.of(io.keepwarm.content.ContentType.values())));
        }
        List<String> topics = topics(draft.topics(), errors);
        Set<Stage> stages = draft.stages() == null ? Set.of() : EnumSet.noneOf(Stage.class);
        if (draft.stages() != null) {
            draft.stages().stream().filter(s -> s != null).forEach(stages::add);
        }
        List<Long> segmentIds = segmentIds(draft.segmentIds(), errors);
        // None: a piece of any language, which suits every contact. Blank is English, as it always was.
        String language = draft.language() == null ? null : draft.language().isBlank() ? "en"
                : draft.language().strip().toLowerCase(Locale.ROOT);
        if (language != null && (!LANGUAGE.matcher(language).matches() || language.length() > 20)) {
            errors.add(new FieldError("language", "is a language tag such as en, de or pt-br"));
        } else if (ContentFilter.ANY_LANGUAGE.equals(language)) {
            // Typed after the editor's "Any language", it would be a piece no contact reads, and one the library's
            // filter for pieces of any language could never find.
            errors.add(new FieldError("language", "is a language tag such as en, de or pt-br; for a piece of any"
                    + " language leave it empty (null in JSON)"));
        }
        String landingUrl = landingUrl(draft.landingUrl(), errors);
        ContentItem.Offer offer = offer(draft.offer(), errors);
        // A landing address refused has its own error: the button's would say the same again.
        ContentItem.Landing landing = landing(draft.landing(), blankToNull(draft.landingUrl()) != null, errors, removed);
        CustomAttributes custom = new CustomAttributes(attributes.list());
        Map<String, String> fallbacks = fallbacks(draft.fallbacks(), custom, errors);
        // A piece with a landing page of its own has a landing link, as one with a landing address does.
        var facts = new LiquidTemplates.Facts(landingUrl != null || landing != null, offer != null, fallbacks.keySet(),
                custom, false);
        ContentItem.Variants variants = variants(draft.variants(), facts, errors, removed);
        ContentStatus status = draft.status() == null ? ContentStatus.DRAFT : draft.status();
        if (status == ContentStatus.LIVE && variants.isEmpty()) {
            errors.add(new FieldError("variants", "a LIVE piece needs an email or a phone (call script) variant"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The content item breaks rules: " + errors.stream()
                    .map(e -> e.field() + " " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""), errors);
        }
        return new Checked(new ContentItem(id, name, draft.type(), topics, stages, segmentIds, language, status,
                draft.validUntil(), landingUrl, offer, landing, fallbacks, variants, null, null, null, null), List.copyOf(removed));
    }

    private ContentItem.Variants variants(ContentDraft.Variants given, LiquidTemplates.Facts facts, List<FieldError> errors,
            List<String> removed) {
        if (given == null) {
            return ContentItem.Variants.NONE;
        }
        ContentItem.Email email = given.email() == null ? null : email(given.email(), facts, errors, removed);
        ContentItem.Phone phone = null;
        if (given.phone() != null) {
            String script = text(given.phone().script(), "variants.phone.script", 100_000, true, errors);
            if (script != null) {
                errors.addAll(liquid.check("variants.phone.script", script, facts.forCall()));
            }
            phone = new ContentItem.Phone(script);
        }
        return new ContentItem.Variants(email, phone);
    }

    private ContentItem.Email email(ContentDraft.Email given, LiquidTemplates.Facts facts, List<FieldError> errors,
            List<String> removed) {
        String subject = text(given.subject(), "variants.email.subject", 1000, true, errors);
        if (subject != null) {
            errors.addAll(liquid.check("variants.email.subject", subject, facts));
        }
        String html = blankToNull(given.html());
        String text = blankToNull(given.text());
        if (html == null && text == null) {
            errors.add(new FieldError("variants.email.html", "an email needs html or text (or both)"));
            return new ContentItem.Email(subject, null, null, false);
        }
        if (text != null) {
            text(text, "variants.email.text", 500_000, false, errors);
            errors.addAll(liquid.check("variants.email.text", text, facts));
        }
        if (html == null) {
            return new ContentItem.Email(subject, null, text, false);
        }
        text(html, "variants.email.html", 500_000, false, errors);
        List<FieldError> htmlErrors = liquid.check("variants.email.html", html, facts);
        errors.addAll(htmlErrors);
        if (!htmlErrors.isEmpty()) {
            return new ContentItem.Email(subject, html, text, text == null);
        }
        HtmlSanitizer.Cleaned cleaned = sanitizer.clean(html);
        removed.addAll(cleaned.removed());
        if (!liquid.check("variants.email.html", cleaned.html(), facts).isEmpty()) {
            errors.add(new FieldError("variants.email.html", "its Liquid does not survive cleaning the HTML: keep {{ }}"
                    + " and {% %} in text and attribute values, not inside a tag's name or attribute list, nor inside"
                    + " script, style or iframe"));
        } else if (text == null && !liquid.check("variants.email.text", cleaned.text(), facts).isEmpty()) {
            errors.add(new FieldError("variants.email.text", "the text read from the HTML is not valid Liquid (a Liquid"
                    + " tag between table cells?); give the text part yourself"));
        }
        return text == null
                ? new ContentItem.Email(subject, cleaned.html(), cleaned.text(), true)
                : new ContentItem.Email(subject, cleaned.html(), text, false);
    }

    private static List<String> topics(List<String> given, List<FieldError> errors) {
        Set<String> topics = new LinkedHashSet<>();
        if (given != null) {
            for (int i = 0; i < given.size(); i++) {
                String topic = given.get(i) == null ? "" : given.get(i).strip().toLowerCase(Locale.ROOT);
                if (topic.isEmpty() || topic.length() > 100) {
                    errors.add(new FieldError("topics[" + i + "]", "is a word or phrase of 1 to 100 characters"));
                }
                topics.add(topic);
            }
        }
        if (topics.size() > 50) {
            errors.add(new FieldError("topics", "at most 50 topics"));
        }
        return List.copyOf(topics);
    }

    private List<Long> segmentIds(List<Long> given, List<FieldError> errors) {
        Set<Long> ids = new LinkedHashSet<>();
        if (given != null) {
            for (int i = 0; i < given.size(); i++) {
                Long id = given.get(i);
                try {
                    if (id == null) {
                        throw new NotFoundException("no segment id given");
                    }
                    segments.get(id);
                    ids.add(id);
                } catch (NotFoundException e) {
                    errors.add(new FieldError("segmentIds[" + i + "]", e.getMessage()));
                }
            }
        }
        return List.copyOf(ids);
    }

    private static String landingUrl(String given, List<FieldError> errors) {
        String url = blankToNull(given);
        if (url == null) {
            return null;
        }
        url = url.strip();
        try {
            URI uri = URI.create(url);
            if (url.length() <= 2000 && uri.getHost() != null
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the message below
        }
        errors.add(new FieldError("landingUrl", "is an http(s) address such as https://example.com/guide (at most 2000"
                + " characters)"));
        return null;
    }

    /**
     * The landing page's title and body, the body sanitised as an email's HTML is, and its own intro line and button
     * words. Liquid is refused there: none is evaluated on a page any visitor with the link sees, so
     * "{{ contact.first_name }}" would reach them as typed. All blank: no landing page of its own (the page then shows
     * the piece's name and its own words).
     */
    private ContentItem.Landing landing(ContentItem.Landing given, boolean leadsToPiece, List<FieldError> errors,
            List<String> removed) {
        if (given == null) {
            return null;
        }
        String title = text(given.title(), "landing.title", 200, false, errors);
        String html = text(given.html(), "landing.html", 100_000, false, errors);
        noLiquid(title, "landing.title", errors);
        noLiquid(html, "landing.html", errors);
        if (html != null) {
            html = cleanLanding(html, removed);
        }
        String intro = line(given.intro(), "landing.intro", 300, errors);
        String button = line(given.button(), "landing.button", 60, errors);
        if (button != null && !leadsToPiece) {
            errors.add(new FieldError("landing.button", "names the button that leads to the piece, and there is none"
                    + " without a landing address: give the landing address (landingUrl), or leave the button blank"));
        }
        return title == null && html == null && intro == null && button == null ? null
                : new ContentItem.Landing(title == null ? null : title.strip(), html, intro, button);
    }

    /**
     * One line of the author's plain text on the public page (escaped when shown, as every text there is), stripped;
     * null when blank. Line breaks are refused: the page shows the words on one line.
     */
    private static String line(String given, String field, int max, List<FieldError> errors) {
        String value = text(given, field, max, false, errors);
        if (value == null) {
            return null;
        }
        noLiquid(value, field, errors);
        if (value.strip().chars().anyMatch(c -> c == '\n' || c == '\r')) {
            errors.add(new FieldError(field, "is one line: take out the line breaks"));
        }
        return value.strip();
    }

    /**
     * A landing page's text as a save stores it, and so as the public page shows it; null when nothing is left. What
     * cleaning removed goes in {@code removed}.
     */
    public String cleanLanding(String html, List<String> removed) {
        HtmlSanitizer.Cleaned cleaned = sanitizer.clean(html);
        cleaned.removed().forEach(r -> removed.add("landing page: " + r));
        // Cleaned once more as finished HTML: the template cleaning keeps Liquid as written, and markup hidden
        // inside braces would reach the public page as it is, for no render cleans it there.
        return blankToNull(sanitizer.cleanRendered(cleaned.html()));
    }

    private ContentItem.Offer offer(ContentItem.Offer given, List<FieldError> errors) {
        if (given == null) {
            return null;
        }
        String key = given.key() == null ? "" : given.key().strip();
        if (!OFFER_KEY.matcher(key).matches()) {
            errors.add(new FieldError("offer.key", "is 1 to 60 of a-z, 0-9, _ and -, starting with a letter or digit"));
        }
        String label = text(given.label(), "offer.label", 200, true, errors);
        Long sends = given.sends();
        if (sends != null) {
            var piece = store.find(sends);
            if (piece.isEmpty()) {
                errors.add(new FieldError("offer.sends", "names no content item: " + sends + " is not in the library"));
            } else if (piece.get().variants().email() == null) {
                errors.add(new FieldError("offer.sends", "content item " + sends + " has no email version, and an"
                        + " offer's piece is sent by email; add one first"));
            }
        }
        return new ContentItem.Offer(key, label, sends);
    }

    private static Map<String, String> fallbacks(Map<String, String> given, CustomAttributes custom,
            List<FieldError> errors) {
        Map<String, String> fallbacks = new LinkedHashMap<>();
        if (given == null) {
            return fallbacks;
        }
        given.forEach((path, value) -> {
            if (!TemplateVariables.paths(custom).contains(path) || !TemplateVariables.personal(path)) {
                errors.add(new FieldError("fallbacks." + path, "only a contact, company or owner variable that may be"
                        + " missing takes a fallback; these do: " + TemplateVariables.paths(custom).stream()
                        .filter(TemplateVariables::personal).toList()));
            } else if (TemplateVariables.blank(value) || value.length() > 200) {
                errors.add(new FieldError("fallbacks." + path, "is the text to show instead, 1 to 200 characters"));
            } else if (value.contains("{{") || value.contains("{%")) {
                errors.add(new FieldError("fallbacks." + path, "is shown as it is, not as Liquid: write the text itself"));
            } else {
                fallbacks.put(path, value);
            }
        });
        return fallbacks;
    }

    /** A Liquid tag as an author types one, or its opening alone when it runs on too long to quote. */
    private static final Pattern LIQUID = Pattern.compile("\\{\\{[^{}]{0,80}}}|\\{%[^{}]{0,80}%}|\\{\\{|\\{%");

    private static void noLiquid(String text, String field, List<FieldError> errors) {
        var liquid = text == null ? null : LIQUID.matcher(text);
        if (liquid != null && liquid.find()) {
            errors.add(new FieldError(field, "is shown as written, without Liquid, so '" + liquid.group()
                    + "' would reach the visitor as typed: write it without {{ }} or {% %} (the page greets the"
                    + " visitor by first name itself, and shows nothing else of theirs)"));
        }
    }

    private static String text(String given, String field, int max, boolean required, List<FieldError> errors) {
        String value = blankToNull(given);
        if (value == null && required) {
            errors.add(new FieldError(field, "is required"));
        } else if (value != null && value.length() > max) {
            errors.add(new FieldError(field, "is at most " + max + " characters"));
        }
        return value == null ? null : required ? value.strip() : value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
