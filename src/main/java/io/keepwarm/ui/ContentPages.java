package io.keepwarm.ui;

import io.keepwarm.analytics.Analytics;
import io.keepwarm.analytics.ContentReport;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.ContactFilter;
import io.keepwarm.contact.ContactSort;
import io.keepwarm.contact.Contacts;
import io.keepwarm.content.ContentFilter;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.content.ContentStatus;
import io.keepwarm.content.ContentType;
import io.keepwarm.content.OfferWarnings;
import io.keepwarm.content.Rendered;
import io.keepwarm.content.SavedContent;
import io.keepwarm.lifecycle.LifecycleRules;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Zones;
import io.keepwarm.segment.Segments;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The content library with its filters and what each piece earned; the editor with a live preview as any contact, of
 * the text as typed; the landing page and offer. Marketing edits; reps read pieces and preview them as saved.
 */
@Controller
class ContentPages {

    /** Where each of the library's field names (topics[2], variants.email.subject) shows its message in the editor. */
    private static final Map<String, String> SLOTS = slots();

    /**
     * The slots a preview's check speaks for: all but the status's, whose move (a RETIRED piece made LIVE) only a save
     * judges, so a preview never clears what a refused save said there.
     */
    private static final List<String> PREVIEW_SLOTS = SLOTS.values().stream().distinct()
            .filter(slot -> !slot.equals("status")).toList();

    private static final int LISTED = 200;
    private static final int SENDABLE_PAGES = 10;
    private static final int SEGMENTS = 500;
    private static final int CONTACT_OPTIONS = 10;

    private final ContentLibrary library;
    private final Analytics analytics;
    private final Contacts contacts;
    private final Segments segments;
    private final LifecycleRules rules;
    private final io.keepwarm.engine.RenderFailures renderFailures;
    private final Zones zones;
    private final Clock clock;

    private final OfferWarnings offerWarnings;

    ContentPages(ContentLibrary library, Analytics analytics, Contacts contacts, Segments segments,
            LifecycleRules rules, io.keepwarm.engine.RenderFailures renderFailures, Zones zones, Clock clock,
            OfferWarnings offerWarnings) {
        this.offerWarnings = offerWarnings;
        this.zones = zones;
        this.clock = clock;
        this.renderFailures = renderFailures;
        this.library = library;
        this.analytics = analytics;
        this.contacts = contacts;
        this.segments = segments;
        this.rules = rules;
    }

    @GetMapping("/ui/content")
    String library(@RequestParam(required = false) ContentType type, @RequestParam(required = false) ContentStatus status,
            @RequestParam(required = false) String topic, @RequestParam(required = false) Stage stage,
            @RequestParam(required = false) String language, Authentication authentication, Model model) {
        String cleanTopic = Forms.blankToNull(topic);
        String cleanLanguage = Forms.blankToNull(language) == null ? null : language.strip().toLowerCase(Locale.ROOT);
        List<ContentItem> items = library.list(new ContentFilter(type, status, cleanTopic, stage, cleanLanguage), null,
                LISTED).items();
        model.addAttribute("items", items);
        model.addAttribute("filtered", type != null || status != null || cleanTopic != null || stage != null
                || cleanLanguage != null);
        model.addAttribute("offersSendingExpired", offerWarnings.sendingExpired(items));
        // A piece past its valid-until moment is sent to no one, whatever its status says.
        model.addAttribute("now", clock.instant());
        model.addAttribute("topicNames", library.topicNames(items.stream().flatMap(i -> i.topics().stream())
                .collect(Collectors.toCollection(java.util.TreeSet::new))));
        boolean marketing = PageModel.marketing(authentication);
        if (marketing) {
            ContentReport report = analytics.content(null);
            model.addAttribute("report", report);
            model.addAttribute("since", report.period().from());
            model.addAttribute("figures", report.pieces().stream()
                    .collect(Collectors.toMap(ContentReport.Piece::contentId, Function.identity())));
        }
        model.addAttribute("marketing", marketing);
        model.addAttribute("types", ContentType.values());
        model.addAttribute("statuses", ContentStatus.values());
        model.addAttribute("stages", Stage.values());
        model.addAttribute("labels", rules.labels());
        model.addAttribute("type", type);
        model.addAttribute("status", status);
        model.addAttribute("topic", cleanTopic);
        model.addAttribute("stage", stage);
        model.addAttribute("language", cleanLanguage);
        // The languages the library has pieces in, and the one asked for in the address though it has none.
        java.util.SortedSet<String> languages = new java.util.TreeSet<>(library.languages());
        if (cleanLanguage != null && !cleanLanguage.equals(ContentFilter.ANY_LANGUAGE)) {
            languages.add(cleanLanguage);
        }
        model.addAttribute("languages", languages.stream()
                .collect(Collectors.toMap(Function.identity(), ContentPages::languageName, (a, b) -> a,
                        LinkedHashMap::new)));
        model.addAttribute("anyLanguage", ContentFilter.ANY_LANGUAGE);
        return "content";
    }

    @GetMapping("/ui/content/new")
    String create(Model model) {
        return editor(null, new ContentForm(), Map.of(), true, "", model);
    }

    @GetMapping("/ui/content/{id}")
    String edit(@PathVariable long id, Authentication authentication, Model model) {
        ContentItem item = library.get(id);
        ContentForm form = ContentForm.of(item, zones.accountZone());
        // As the author wrote them ("HPC"), so that saving the form again keeps that.
        form.setTopics(String.join(", ", library.topicNames(item.topics()).values()));
        return editor(item, form, Map.of(), PageModel.marketing(authentication), "", model);
    }

    /**
     * Saves and opens the piece again, listing what cleaning its HTML removed (a flash attribute, read once). Refused,
     * the form comes back with the contact it was previewed as, so the preview shows them again rather than ask.
     */
    @PostMapping("/ui/content")
    String save(@ModelAttribute("form") ContentForm form, @RequestParam(defaultValue = "") String previewAs, Model model,
            RedirectAttributes redirect) {
        try {
            SavedContent saved = library.create(form.draft(zones.accountZone()));
            warned(saved, redirect);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/ui/content/" + saved.item().id();
        } catch (InvalidInputException e) {
            return editor(null, form, errors(e), true, previewAs, model);
        } catch (ConflictException e) {
            return editor(null, form, Map.of("status", e.getMessage()), true, previewAs, model);
        }
    }

    /**
     * Saves a piece; retiring a live one is asked first, at the top of the form so nothing typed is lost and the
     * question is where the page opens (a question under the Save button, a long page down, left the author believing
     * it saved): it goes out no more, to anyone, and what names it keeps it.
     */
    @PostMapping("/ui/content/{id}")
    String update(@PathVariable long id, @ModelAttribute("form") ContentForm form,
            @RequestParam(defaultValue = "false") boolean confirmed, @RequestParam(defaultValue = "") String previewAs,
            Model model, RedirectAttributes redirect) {
        ContentItem item = library.get(id);
        if (!confirmed && item.status() == ContentStatus.LIVE && form.getStatus() == ContentStatus.RETIRED) {
            List<String> using = library.usedBy(id);
            model.addAttribute("retiring", "Only live pieces go out: from now on it is sent to no one, the touches"
                    + " already planned with it included."
                    + (using.isEmpty() ? "" : " It is used by " + Confirmation.listed(using)
                            + ": they keep it by name, and send it to no one.")
                    + " It can be made a draft again later, and live after that.");
            return editor(item, form, Map.of(), true, previewAs, model);
        }
        try {
            warned(library.update(id, form.draft(zones.accountZone())), redirect);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/ui/content/" + id;
        } catch (InvalidInputException e) {
            return editor(item, form, errors(e), true, previewAs, model);
        } catch (ConflictException e) {
            return editor(item, form, Map.of("status", e.getMessage()), true, previewAs, model);
        }
    }

    /** Asks before deleting a piece; a live piece, or one something names, is refused in words as the library refuses it. */
    @GetMapping("/ui/content/{id}/delete")
    String confirmDelete(@PathVariable long id, Model model) {
        return deletion(library.get(id), model);
    }

    private String deletion(ContentItem item, Model model) {
        long id = item.id();
        String question = "Delete '" + item.name() + "'?";
        String back = "/ui/content/" + id;
        if (item.status() == ContentStatus.LIVE) {
            return Confirmation.refuse(question, "It is live and may be going out, so it is not deleted: retire it first"
                    + " (status RETIRED, then Save piece), then delete it.", back).page(model);
        }
        List<String> using = library.usedBy(id);
        if (!using.isEmpty()) {
            return Confirmation.refuse(question, "It is used by " + Confirmation.listed(using) + ", so it is not deleted;"
                    + " retired, it stays named there and is never sent again.", back).page(model);
        }
        return Confirmation.ask(question, "It is gone for good: nobody can open, preview or choose it again.",
                "/ui/content/" + id + "/delete", "Delete the piece", back).page(model);
    }

    /** Deletes a piece; refused (live, or named since the question was asked), it says why as the question does. */
    @PostMapping("/ui/content/{id}/delete")
    String delete(@PathVariable long id, Model model, RedirectAttributes redirect) {
        library.get(id);
        try {
            library.delete(id);
            redirect.addFlashAttribute("deleted", true);
            return "redirect:/ui/content";
        } catch (ConflictException e) {
            return deletion(library.get(id), model);
        }
    }

    /**
     * What the editor warns of an offer's expired piece: beside the offer, that the piece it sends has expired; beside
     * the valid-until date of an expired piece, the offers that send it.
     */
    private void offerWarnings(ContentItem item, Model model) {
        model.addAttribute("offerSendsExpired", item == null ? null : offerWarnings.sendsExpired(item).orElse(null));
        model.addAttribute("offeredExpired", item == null ? null : offerWarnings.offeredExpired(item).orElse(null));
    }

    /**
     * A save's warnings for the page it opens: what cleaning removed, under its own heading, and apart from it what
     * the subject's fallbacks make of it.
     */
    private void warned(SavedContent saved, RedirectAttributes redirect) {
        List<String> subject = library.subjectFallbacks(saved.item());
        // An offer's expired piece is said where the offer is, on every opening of the editor, not only after a save.
        List<String> offers = offerWarnings.of(saved.item());
        redirect.addFlashAttribute("removed", saved.warnings().stream()
                .filter(w -> !subject.contains(w) && !offers.contains(w) && !w.equals(ContentLibrary.TEXT_LEFT_BEHIND))
                .toList());
        List<String> others = new ArrayList<>(subject);
        if (saved.warnings().contains(ContentLibrary.TEXT_LEFT_BEHIND)) {
            others.add(ContentLibrary.TEXT_LEFT_BEHIND);
        }
        redirect.addFlashAttribute("subjectWarnings", others);
    }

    /**
     * The preview as one contact, re-rendered by htmx as the author types: marketing sees the unsaved text, a rep the
     * piece as saved. Once it has checked the unsaved text (a contact is chosen), each field's mark comes back with
     * it (out of band), set or cleared; until then it leaves every mark as it is, so a refused save's stay in view.
     */
    @PostMapping("/ui/content/preview")
    String preview(@ModelAttribute("form") ContentForm form, @RequestParam(required = false) Long id,
            @RequestParam(defaultValue = "") String previewAs, Authentication authentication, Model model) {
        boolean marketing = PageModel.marketing(authentication);
        boolean checked = false;
        Map<String, String> errors = Map.of();
        Optional<Contact> contact = contact(previewAs);
        model.addAttribute("previewAs", previewAs);
        model.addAttribute("contact", contact.orElse(null));
        model.addAttribute("contactName", contact.map(Contact::name).orElse(null));
        if (!marketing && id == null) {
            model.addAttribute("problem", "Open a saved piece to preview it.");
        } else if (contact.isEmpty()) {
            // Not yet choosing one is no mistake: said as a hint, not in red.
            if (previewAs.isBlank()) {
                model.addAttribute("hint", "Choose a contact to preview as.");
            } else {
                model.addAttribute("problem", "No contact matches '" + previewAs.strip() + "'.");
            }
        } else {
            checked = marketing;
            try {
                Rendered rendered = marketing ? library.preview(form.draft(zones.accountZone()), id, contact.get().id())
                        : library.preview(id, contact.get().id());
                model.addAttribute("rendered", rendered);
                model.addAttribute("html", OutboxPages.harmless(rendered.html()));
                // A fallback the subject shows, said beside the subject (a contact who has the value does not show it).
                var draft = marketing ? form.draft(zones.accountZone()) : null;
                model.addAttribute("subjectWarnings", !marketing ? library.subjectFallbacks(library.get(id))
                        : library.subjectFallbacks(draft.variants() == null || draft.variants().email() == null
                                ? null : draft.variants().email().subject(), draft.fallbacks()));
            } catch (InvalidInputException e) {
                errors = errors(e);
                model.addAttribute("problem", "Fix the fields marked in the editor to see the preview.");
            } catch (ConflictException | NotFoundException e) {
                model.addAttribute("problem", e.getMessage());
            }
        }
        model.addAttribute("landing", !marketing && id != null ? Landing.of(library.get(id), library)
                : Landing.of(form, library.previewLanding(form.getLandingHtml())));
        model.addAttribute("pieceId", id);
        model.addAttribute("errors", errors);
        model.addAttribute("slots", checked ? PREVIEW_SLOTS : List.of());
        return "content-preview :: preview";
    }

    /** Contacts whose address or name starts with what was typed, as options for the preview's contact field. */
    @GetMapping("/ui/content/contacts")
    String contactOptions(@RequestParam(defaultValue = "") String previewAs, Model model) {
        model.addAttribute("options", previewAs.isBlank() ? List.of()
                : contacts.list(new ContactFilter(previewAs.strip(), null, null, null, null, null, null),
                        ContactSort.DEFAULT, null, CONTACT_OPTIONS).items());
        return "content-preview :: options";
    }

    /**
     * The landing page as the prospect will see it: its title, kind, topics, its text, the link to read it, the offer.
     *
     * @param html the text, cleaned as a save cleans it; null for none
     * @param intro the author's line in place of the kind, topics and sender; null for the page's own
     * @param button the author's words on the link to read it; null for the page's own
     */
    record Landing(String title, String kind, List<String> topics, String html, String readUrl, String offerLabel,
            String intro, String button) {

        static Landing of(ContentItem item, ContentLibrary library) {
            return new Landing(title(item.landing(), item.name()), kind(item.type()),
                    List.copyOf(library.topicNames(item.topics()).values()),
                    item.landing() == null ? null : item.landing().html(), item.landingUrl(),
                    item.offer() == null ? null : item.offer().label(),
                    item.landing() == null ? null : item.landing().intro(),
                    item.landing() == null ? null : item.landing().button());
        }

        /** The page as the form has it, saved or not; its text cleaned already. */
        static Landing of(ContentForm form, String cleanedHtml) {
            var draft = form.draft(null);
            return new Landing(title(draft.landing(), draft.name()), kind(draft.type()), draft.topics(), cleanedHtml,
                    Forms.blankToNull(draft.landingUrl()),
                    draft.offer() == null ? null : Forms.blankToNull(draft.offer().label()),
                    draft.landing() == null ? null : Forms.blankToNull(draft.landing().intro()),
                    draft.landing() == null ? null : Forms.blankToNull(draft.landing().button()));
        }

        /** The landing page's own title, else the piece's name, as the prospect's page shows it. */
        private static String title(ContentItem.Landing landing, String name) {
            return landing != null && landing.title() != null && !landing.title().isBlank() ? landing.title() : name;
        }

        private static String kind(ContentType type) {
            return type == null ? "A piece" : type.withArticle();
        }
    }

    private String editor(ContentItem item, ContentForm form, Map<String, String> errors, boolean canEdit,
            String previewAs, Model model) {
        model.addAttribute("item", item);
        // Those since the last save are what the author has to fix now; older ones the edit may have fixed.
        var failures = item == null ? List.<io.keepwarm.engine.RenderFailures.Failure>of() : renderFailures.of(item);
        model.addAttribute("renderFailures", failures);
        model.addAttribute("failuresSinceEdit", failures.stream().filter(f -> f.sinceEdited()).toList());
        model.addAttribute("failuresBefore", failures.stream().filter(f -> !f.sinceEdited()).toList());
        model.addAttribute("previewAs", previewAs);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        // The defaults sit in a folded section: a field that wants one opens it, so the place to type it is in view.
        model.addAttribute("defaultsWanted", errors.containsKey("fallbacks")
                || errors.values().stream().anyMatch(message -> message.contains(Words.DEFAULTS_SECTION)));
        model.addAttribute("canEdit", canEdit);
        model.addAttribute("types", ContentType.values());
        model.addAttribute("statuses", ContentStatus.values());
        model.addAttribute("stages", Stage.values());
        model.addAttribute("labels", rules.labels());
        model.addAttribute("accountZone", zones.accountZone());
        // A live piece past its valid-until moment is sent to no one: said at the top, where the status is read.
        model.addAttribute("expired", item != null && item.expiredBy(clock.instant()));
        offerWarnings(item, model);
        model.addAttribute("segments", segments.list(null, SEGMENTS).items());
        List<ContentItem> sendable = sendable(form.getOfferSends());
        model.addAttribute("sendable", sendable);
        // An offer that sends an expired piece sends nothing: the picker says so before it is chosen.
        model.addAttribute("sendableExpired", sendable.stream().filter(p -> p.expiredBy(clock.instant()))
                .map(ContentItem::id).collect(java.util.stream.Collectors.toSet()));
        model.addAttribute("fallbackVariables", library.fallbackVariables());
        model.addAttribute("variables", library.variables());
        return "content-editor";
    }

    /**
     * The pieces an offer can send, by name: those with an email version (the library refuses others), and the one
     * chosen whatever it has become, so the page shows what is saved.
     */
    private List<ContentItem> sendable(Long chosen) {
        List<ContentItem> pieces = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < SENDABLE_PAGES; pages++) {
            var page = library.list(new ContentFilter(null, null, null, null, null), cursor, LISTED);
            page.items().stream().filter(p -> p.id() == (chosen == null ? -1 : chosen)
                    || p.variants() != null && p.variants().email() != null).forEach(pieces::add);
            cursor = page.nextCursor();
            if (cursor == null) {
                break;
            }
        }
        if (chosen != null && pieces.stream().noneMatch(p -> p.id() == chosen)) {
            library.find(chosen).ifPresent(pieces::add);
        }
        pieces.sort(Comparator.comparing(ContentItem::name, String.CASE_INSENSITIVE_ORDER));
        return pieces;
    }

    /** A contact by exact address, else the first whose address or name starts with the text. */
    private Optional<Contact> contact(String previewAs) {
        String text = previewAs == null ? "" : previewAs.strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Long> exact = contacts.findIdByEmail(text);
        if (exact.isPresent()) {
            return exact.map(contacts::get);
        }
        return contacts.list(new ContactFilter(text, null, null, null, null, null, null), ContactSort.DEFAULT, null, 1)
                .items().stream().findFirst();
    }

    /** Each field error at its slot; two errors for one slot (two bad topics) join. */
    static Map<String, String> errors(InvalidInputException e) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (e.errors().isEmpty()) {
            errors.put("variants", e.getMessage());
        }
        e.errors().forEach(f -> errors.merge(slot(f.field()), label(f.field()) + " " + said(f.field(), f.message()),
                (a, b) -> a + "; " + b));
        return errors;
    }

    /**
     * A module's message in the editor's words: the API lists a type's codes ("one of [ARTICLE, WHITE_PAPER, …]") and
     * names a field as its JSON does ("landingUrl"), where the form offers the types by name in a list and labels the
     * address "Where "Read it" leads".
     */
    /** A language as the filter offers it: "de (German)", or the tag alone where Java has no name for it. */
    private static String languageName(String tag) {
        String name = io.keepwarm.platform.Languages.name(tag);
        return name.isBlank() || name.equalsIgnoreCase(tag) ? tag : tag + " (" + name + ")";
    }

    private static String said(String field, String message) {
        if (field.equals("type") && message.startsWith("is required")) {
            return "is required: choose what kind of piece it is";
        }
        return Words.message(message).replace("the piece has no landingUrl",
                "the piece has no address under 'Where \"Read it\" leads' (Landing page and offer)");
    }

    private static String slot(String field) {
        String base = field.replaceAll("\\[\\d+]$", "");
        if (base.startsWith("fallbacks.")) {
            return "fallbacks";
        }
        return SLOTS.getOrDefault(base, "variants");
    }

    /** The field as the editor names it, for a message that stands next to it ("Subject is required"). */
    private static String label(String field) {
        if (field.startsWith("fallbacks.")) {
            return "The default for " + field.substring("fallbacks.".length());
        }
        return switch (field.replaceAll("\\[\\d+]$", "")) {
            case "name" -> "Name";
            case "type" -> "Type";
            case "topics" -> "A topic";
            case "segmentIds" -> "A segment";
            case "language" -> "Language";
            case "validUntil" -> "Valid until";
            case "landingUrl" -> "The landing page address";
            case "offer.key" -> "The offer key";
            case "offer.label" -> "The offer's button text";
            case "offer.sends" -> "The piece the offer sends";
            case "landing.title" -> "The landing page title";
            case "landing.html" -> "The landing page text";
            case "landing.intro" -> "The landing page's intro line";
            case "landing.button" -> "The landing page's button";
            case "variants" -> "The piece:";
            case "variants.email.subject" -> "Subject";
            case "variants.email.html" -> "HTML body";
            case "variants.email.text" -> "Text body";
            case "variants.phone.script" -> "Call script";
            default -> field;
        };
    }

    private static Map<String, String> slots() {
        Map<String, String> slots = new LinkedHashMap<>();
        slots.put("name", "name");
        slots.put("type", "type");
        slots.put("status", "status");
        slots.put("topics", "topics");
        slots.put("segmentIds", "segmentIds");
        slots.put("language", "language");
        slots.put("validUntil", "validUntil");
        slots.put("landingUrl", "landingUrl");
        slots.put("offer.key", "offerKey");
        slots.put("offer.label", "offerLabel");
        slots.put("offer.sends", "offerSends");
        slots.put("landing.title", "landingTitle");
        slots.put("landing.html", "landingHtml");
        slots.put("landing.intro", "landingIntro");
        slots.put("landing.button", "landingButton");
        slots.put("fallbacks", "fallbacks");
        slots.put("variants", "variants");
        slots.put("variants.email.subject", "subject");
        slots.put("variants.email.html", "html");
        slots.put("variants.email.text", "text");
        slots.put("variants.phone.script", "script");
        return java.util.Collections.unmodifiableMap(slots);
    }
}
