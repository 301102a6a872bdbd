package io.keepwarm.content;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Attributes;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.content.internal.ContentChecks;
import io.keepwarm.content.internal.ContentStore;
import io.keepwarm.content.internal.HtmlSanitizer;
import io.keepwarm.content.internal.LiquidTemplates;
import io.keepwarm.content.internal.PreviewLinks;
import io.keepwarm.content.internal.RenderTooLargeException;
import io.keepwarm.content.internal.RenderedHtml;
import io.keepwarm.content.internal.SubjectFallbacks;
import io.keepwarm.content.internal.TemplateVariables;
import io.keepwarm.content.internal.TopicNames;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.Languages;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The content library: pieces worth sending, their variants per channel, and each rendered for one contact. */
@Service
public class ContentLibrary {

    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");
    /** The longest subject the outbox keeps (as the editor allows for the template). */
    private static final int MAX_SUBJECT = 1000;

    private final ContentStore store;
    private final ContentChecks checks;
    private final LiquidTemplates liquid;
    private final SubjectFallbacks subjectFallbacks;
    private final HtmlSanitizer sanitizer;
    private final RenderedHtml renderedHtml;
    private final PreviewLinks previewLinks;
    private final Contacts contacts;
    private final Users users;
    private final AuditLog audit;
    private final Clock clock;
    private final org.springframework.beans.factory.ObjectProvider<ContentUsers> contentUsers;
    private final TopicNames topicNames;
    private final Attributes attributes;
    private final OfferWarnings offerWarnings;
    private final Languages languages;

    ContentLibrary(ContentStore store, ContentChecks checks, LiquidTemplates liquid, HtmlSanitizer sanitizer,
            RenderedHtml renderedHtml, PreviewLinks previewLinks, Contacts contacts, Users users, AuditLog audit,
            Clock clock, org.springframework.beans.factory.ObjectProvider<ContentUsers> contentUsers,
            TopicNames topicNames, Attributes attributes, OfferWarnings offerWarnings, Languages languages) {
        this.languages = languages;
        this.offerWarnings = offerWarnings;
        this.attributes = attributes;
        this.topicNames = topicNames;
        this.contentUsers = contentUsers;
        this.store = store;
        this.checks = checks;
        this.liquid = liquid;
        this.subjectFallbacks = new SubjectFallbacks(liquid);
        this.sanitizer = sanitizer;
        this.renderedHtml = renderedHtml;
        this.previewLinks = previewLinks;
        this.contacts = contacts;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    /** Saves a new piece, its HTML cleaned; answers it with what cleaning removed. */
    @Transactional
    public SavedContent create(ContentDraft draft) {
        ContentChecks.Checked result = checks.check(draft);
        ContentItem checked = result.item();
        checkStatus(ContentStatus.DRAFT, checked.status());
        checkOfferSendsLive(0, checked);
        String actor = Actors.current();
        Instant now = clock.instant();
        long id = store.insert(stamped(checked, 0, actor, now, actor, now));
        topicNames.learn(draft.topics());
        audit.record("CONTENT_CREATED", "content", id, summary(checked));
        ContentItem saved = get(id);
        return new SavedContent(saved, concat(warnings(result), offerWarnings.of(saved)));
    }

    /**
     * Every mistake saving the draft would meet, each at its field, and nothing saved; whether a saved piece may move
     * to the draft's status is saving's to say.
     */
    public List<InvalidInputException.FieldError> problems(ContentDraft draft) {
        try {
            checks.check(draft);
            return List.of();
        } catch (InvalidInputException refused) {
            return refused.errors();
        }
    }

    /** Replaces a piece, its HTML cleaned; answers it with what cleaning removed. */
    @Transactional
    public SavedContent update(long id, ContentDraft draft) {
        ContentItem before = store.findForUpdate(id).orElseThrow(() -> NotFoundException.of("Content item", id));
        ContentChecks.Checked result = checks.check(draft);
        ContentItem checked = result.item();
        checkStatus(before.status(), checked.status());
        checkOfferSendsLive(id, checked);
        checkNoLiveOfferSends(id, checked.status());
        store.update(id, stamped(checked, id, before.createdBy(), before.createdAt(), Actors.current(), clock.instant()));
        topicNames.learn(draft.topics());
        Map<String, Object> details = summary(checked);
        if (before.status() != checked.status()) {
            details.put("statusFrom", before.status());
        }
        audit.record("CONTENT_UPDATED", "content", id, details);
        List<String> warnings = new ArrayList<>(warnings(result));
        if (textLeftBehind(before, checked)) {
            warnings.add(TEXT_LEFT_BEHIND);
        }
        ContentItem saved = get(id);
        return new SavedContent(saved, concat(warnings, offerWarnings.of(saved)));
    }

    private static List<String> concat(List<String> first, List<String> then) {
        List<String> all = new ArrayList<>(first);
        all.addAll(then);
        return List.copyOf(all);
    }

    /** Removes a draft or retired piece; a live one may be going out, so it must be retired first. */
    @Transactional
    public void delete(long id) {
        ContentItem item = store.findForUpdate(id).orElseThrow(() -> NotFoundException.of("Content item", id));
        if (item.status() == ContentStatus.LIVE) {
            throw new ConflictException("Content item " + id + " is LIVE and may be going out; retire it first"
                    + " (PUT it with status RETIRED), then delete it", Map.of("currentStatus", item.status()));
        }
        List<String> using = usedBy(id);
        if (!using.isEmpty()) {
            throw new ConflictException("Content item " + id + " is used by " + String.join(", ", using)
                    + "; retired, it stays named there and is never sent again", Map.of("usedBy", using));
        }
        store.delete(id);
        audit.record("CONTENT_DELETED", "content", id, summary(item));
    }

    /**
     * What names the piece, in words a person recognises ("program 'Monthly'", "3 touches already sent with it"): while
     * anything does, the piece is not deleted.
     */
    public List<String> usedBy(long id) {
        List<String> using = new java.util.ArrayList<>(store.offering(id));
        contentUsers.orderedStream().forEach(u -> using.addAll(u.using(id)));
        return using;
    }

    /**
     * Topics as people read them: each key (a piece's topic, kept in lower case) with the name an author wrote it by
     * ("HPC"), or itself when no author wrote it otherwise; in the order given.
     */
    public Map<String, String> topicNames(java.util.Collection<String> topics) {
        return topicNames.of(topics);
    }

    /** The languages the library's pieces are in ("de", "pt-br"), in alphabetical order, for a filter to offer. */
    public List<String> languages() {
        return store.languages();
    }

    public ContentItem get(long id) {
        return find(id).orElseThrow(() -> NotFoundException.of("Content item", id));
    }

    /** The names of those of these ids that exist, by id (a page naming many reads them at once). */
    public java.util.Map<Long, String> names(java.util.Collection<Long> ids) {
        return store.names(ids);
    }

    /** The piece, or empty when it was deleted: for the engine, which skips what is gone. */
    public java.util.Optional<ContentItem> find(long id) {
        return store.find(id);
    }

    public Page<ContentItem> list(ContentFilter filter, String cursor, int limit) {
        ContentFilter normalised = filter.topic() == null && filter.language() == null ? filter
                : new ContentFilter(filter.type(), filter.status(), lower(filter.topic()), filter.stage(), lower(filter.language()));
        return Page.of(store.list(normalised, Cursor.decode(cursor), limit + 1), limit, ContentItem::id);
    }

    /**
     * The piece personalised for one contact on one channel (EMAIL: subject, html and text; PHONE: script). Values
     * inserted into HTML are escaped and the finished HTML is cleaned once more; text, subject and script get them as
     * they are. A channel the piece has no variant for is a conflict.
     */
    public Rendered render(long contentId, long contactId, Channel channel, Links links) {
        return render(get(contentId), contacts.get(contactId), channel, links);
    }

    /** The same, for a caller that already holds the piece and the contact. */
    public Rendered render(ContentItem item, Contact contact, Channel channel, Links links) {
        return render(item, contact, contact.ownerId() == null ? null : users.find(contact.ownerId()).orElse(null),
                customAttributes(), channel, links);
    }

    /**
     * The same, for a caller that also holds the contact's owner (null for none) and the custom attributes: the
     * engine, which looks a batch's few owners up once instead of once per message, and reads the attributes once per
     * batch (the contacts' values came with them, {@link Contacts#getAll}).
     */
    public Rendered render(ContentItem item, Contact contact, User owner, CustomAttributes custom, Channel channel,
            Links links) {
        return render(item, contact, owner, custom, languages::accountLanguage, channel, links);
    }

    /**
     * The same, for a caller that also holds the account's default language ({@code accountLanguage}, asked for only
     * for a piece of any language to a contact of no language of their own): the engine reads it once per batch.
     */
    public Rendered render(ContentItem item, Contact contact, User owner, CustomAttributes custom,
            Supplier<String> accountLanguage, Channel channel, Links links) {
        return switch (channel) {
            case EMAIL -> email(item, contact, owner, custom, links, accountLanguage);
            // The owner makes the call unless someone stands in: who does is known when the rep reads it (callScript).
            case PHONE -> new Rendered(null, null, null, callScript(item, contact, owner, owner, custom, links));
            case SMS -> throw noVariant(item, channel);
        };
    }

    /**
     * The piece's call script filled in for the rep who makes the call ({@code caller.*}: a stand-in, a rep the task
     * was given to; null for a call nobody holds yet), {@code owner.*} staying the contact's owner. A piece without a
     * phone variant is a conflict; one that cannot be filled in for this contact throws, naming its field.
     */
    public String callScript(ContentItem item, Contact contact, User owner, User caller, CustomAttributes custom,
            Links links) {
        if (item.variants().phone() == null) {
            throw noVariant(item, Channel.PHONE);
        }
        Map<String, Object> plain = TemplateVariables.context(item, contact, owner, caller, links, custom);
        return rendered("variants.phone.script", () -> liquid.render(item.variants().phone().script(), plain));
    }

    /** The custom attributes a template may name as they are defined now: read once per unit of work. */
    public CustomAttributes customAttributes() {
        return new CustomAttributes(attributes.list());
    }

    /**
     * The mistakes in a task's text (a program's task step, a trigger's "create a task"), each naming {@code field}:
     * its Liquid, and any variable that is not the contact's, their company's or owner's or a custom attribute. Empty
     * for text without Liquid.
     */
    public List<InvalidInputException.FieldError> checkTask(String field, String text) {
        return liquid(text) ? liquid.check(field, text, LiquidTemplates.Facts.task(customAttributes())) : List.of();
    }

    /**
     * A task's text filled in for its contact, as the rep reads it on My day: a value the contact lacks says so
     * ("(no first name)"). Text without Liquid is the text given; null stays null.
     */
    public String renderTask(String text, Contact contact, User owner, CustomAttributes custom) {
        return liquid(text) ? liquid.render(text, TemplateVariables.taskContext(contact, owner, custom)) : text;
    }

    /**
     * The same for one contact by id, read only when the text holds Liquid: a trigger's "create a task", made for one
     * contact at a time. Text that cannot be filled in goes as it was written, so the rep still gets the task.
     */
    public String renderTask(String text, long contactId) {
        if (!liquid(text)) {
            return text;
        }
        try {
            Contact contact = contacts.get(contactId);
            User owner = contact.ownerId() == null ? null : users.find(contact.ownerId()).orElse(null);
            return renderTask(text, contact, owner, customAttributes());
        } catch (RuntimeException unrenderable) {
            return text;
        }
    }

    /** Whether text holds Liquid at all: most tasks' text does not, and needs neither a check nor a render. */
    private static boolean liquid(String text) {
        return text != null && (text.contains("{{") || text.contains("{%"));
    }

    /** Every variant of the piece rendered for a contact, with preview links: what the author checks before going live. */
    public Rendered preview(long contentId, long contactId) {
        return preview(get(contentId), contacts.get(contactId));
    }

    /**
     * The same for a draft not yet saved, as the editor shows it while the author types: checked as a save would
     * check it (the same 400 naming each field at fault) and sanitised, but stored nowhere.
     *
     * @param contentId the saved piece the draft changes, whose landing page the preview's links lead to; null for a
     *     piece not saved yet, which has no landing page to lead to
     */
    public Rendered preview(ContentDraft draft, Long contentId, long contactId) {
        return preview(checks.check(draft, contentId == null ? 0 : contentId).item(), contacts.get(contactId));
    }

    /**
     * A landing page's text as saving it would store it and its page would show it (cleaned; null for none), stored
     * nowhere: the editor previews what the author is typing.
     */
    public String previewLanding(String html) {
        return html == null || html.isBlank() ? null : checks.cleanLanding(html, new ArrayList<>());
    }

    /**
     * The variables a template may name, such as contact.first_name and links.unsubscribe_url, then the custom
     * attributes (contact.contract_expiry).
     */
    public List<String> variables() {
        return TemplateVariables.paths(customAttributes());
    }

    /** The warning of a hand-written text part kept as it was while the HTML body changed. */
    public static final String TEXT_LEFT_BEHIND = "text body: it is written by hand and did not change with the HTML"
            + " body, so a reader whose mail shows the text version reads the old words. Update it, or empty it to"
            + " have it made from the HTML";

    /** The warning of a live piece saved with its valid-until moment already past. */
    public static final String VALID_UNTIL_PAST = "valid until: that moment is past, so the piece is sent to no one;"
            + " clear it, or set a later one, to send it again";

    /** The warning of a webinar invitation saved with no valid-until moment. */
    public static final String WEBINAR_WITHOUT_END = "valid until: a webinar invitation without one goes out after the"
            + " webinar too; set it to when the webinar starts";

    /** Whether the HTML changed under a text part that was written by hand and kept as it was. */
    private static boolean textLeftBehind(ContentItem before, ContentItem after) {
        ContentItem.Email was = before.variants() == null ? null : before.variants().email();
        ContentItem.Email is = after.variants() == null ? null : after.variants().email();
        return was != null && is != null && !is.textDerived() && !java.util.Objects.equals(was.html(), is.html())
                && java.util.Objects.equals(was.text(), is.text());
    }

    /** What cleaning removed, then what the subject's fallbacks make of it. */
    private List<String> warnings(ContentChecks.Checked result) {
        List<String> warnings = new ArrayList<>(result.removed());
        warnings.addAll(subjectFallbacks(result.item()));
        if (result.item().status() == ContentStatus.LIVE && result.item().expiredBy(clock.instant())) {
            warnings.add(VALID_UNTIL_PAST);
        }
        if (result.item().type() == ContentType.WEBINAR_INVITE && result.item().validUntil() == null) {
            warnings.add(WEBINAR_WITHOUT_END);
        }
        return List.copyOf(warnings);
    }

    /** {@link #subjectFallbacks(String, Map)} of a piece's email. */
    public List<String> subjectFallbacks(ContentItem item) {
        ContentItem.Email email = item.variants() == null ? null : item.variants().email();
        return email == null ? List.of() : subjectFallbacks(email.subject(), item.fallbacks());
    }

    /**
     * A warning for each variable of the subject whose fallback it shows: a name's fallback written for the greeting
     * ("Hi there") goes into the subject too, where it reads "A cooling guide for there". A warning, not a refusal: a
     * fallback may read well in both. Each says the subject such a contact gets.
     */
    public List<String> subjectFallbacks(String subject, Map<String, String> fallbacks) {
        return subjectFallbacks.warnings(subject, fallbacks, customAttributes());
    }

    /** The variables that may be missing for a contact, and so take a fallback the author sets. */
    public List<String> fallbackVariables() {
        return variables().stream().filter(TemplateVariables::personal).toList();
    }

    /** The variables a task's text may name: the contact's, their company's and owner's, and the custom attributes. */
    public List<String> taskVariables() {
        return TemplateVariables.taskPaths(customAttributes());
    }

    private Rendered preview(ContentItem item, Contact contact) {
        Links links = previewLinks.linksFor(item, contact.id());
        User owner = contact.ownerId() == null ? null : users.find(contact.ownerId()).orElse(null);
        CustomAttributes custom = customAttributes();
        Rendered email = item.variants().email() == null ? null
                : render(item, contact, owner, custom, Channel.EMAIL, links);
        Rendered phone = item.variants().phone() == null ? null
                : render(item, contact, owner, custom, Channel.PHONE, links);
        return new Rendered(email == null ? null : email.subject(), email == null ? null : email.html(),
                email == null ? null : email.text(), phone == null ? null : phone.script());
    }

    /**
     * The language an email of the piece is written in for this contact: the piece's, or for a piece of any language
     * the one the contact reads (their own, else the account's default, asked for only then). Its dates in words, the
     * footer's words and the body's language mark follow it, as the unsubscribe and preference pages do.
     */
    public static String writtenIn(ContentItem item, Contact contact, Supplier<String> accountLanguage) {
        return item.language() != null ? item.language()
                : contact.language() != null ? contact.language() : accountLanguage.get();
    }

    private Rendered email(ContentItem item, Contact contact, User owner, CustomAttributes custom, Links links,
            Supplier<String> accountLanguage) {
        ContentItem.Email email = item.variants().email();
        if (email == null) {
            throw noVariant(item, Channel.EMAIL);
        }
        String language = writtenIn(item, contact, accountLanguage);
        Map<String, Object> plain = TemplateVariables.context(item, contact, owner, null, links, custom, language);
        String subject = oneLine(rendered("variants.email.subject", () -> liquid.render(email.subject(), plain)));
        if (subject.length() > MAX_SUBJECT) {
            // What the outbox keeps: a longer one would fail the whole batch it is sent in.
            throw InvalidInputException.field("variants.email.subject", "is " + subject.length()
                    + " characters for this contact once filled in; a subject may have at most " + MAX_SUBJECT);
        }
        String html = email.html() == null ? null : rendered("variants.email.html", () -> html(email.html(), plain));
        String text = email.text() == null ? null
                : rendered("variants.email.text", () -> liquid.render(email.text(), plain));
        return new Rendered(subject, html, text, null, language);
    }

    /** A template's render; one that grows too large for this contact is a mistake in its field (400 at preview). */
    private static String rendered(String field, java.util.function.Supplier<String> render) {
        try {
            return render.get();
        } catch (RenderTooLargeException e) {
            throw InvalidInputException.field(field, "cannot be rendered for this contact: " + e.getMessage());
        }
    }

    /** A subject on one line with single spaces, as mail clients show it; most already are, and pass untouched. */
    private static String oneLine(String subject) {
        for (int i = 0; i < subject.length(); i++) {
            char c = subject.charAt(i);
            if (Character.isWhitespace(c) && (c != ' ' || i == 0 || i + 1 == subject.length()
                    || Character.isWhitespace(subject.charAt(i + 1)))) {
                return SPACES.matcher(subject).replaceAll(" ").strip();
            }
        }
        return subject;
    }

    /** Rendered and cleaned again: whatever a value or a Liquid literal put in, no script comes out. */
    private String html(String template, Map<String, Object> context) {
        List<String> parts = liquid.renderParts(template, context, true);
        return parts == null ? sanitizer.cleanRendered(liquid.render(template, context, true))
                : renderedHtml.clean(template, parts);
    }

    private static ConflictException noVariant(ContentItem item, Channel channel) {
        return new ConflictException("Content item " + item.id() + " has no " + channel + " variant",
                Map.of("channel", channel));
    }

    /**
     * A live piece's offer sends a live piece: a prospect who accepts it ("send me the white paper") would otherwise get
     * nothing, and be told only that we will be in touch.
     */
    private void checkOfferSendsLive(long id, ContentItem piece) {
        Long sends = piece.offer() == null ? null : piece.offer().sends();
        if (piece.status() != ContentStatus.LIVE || sends == null || sends == id) {
            return;
        }
        store.find(sends).filter(sent -> sent.status() != ContentStatus.LIVE).ifPresent(sent -> {
            throw InvalidInputException.field("offer.sends", "is '" + sent.name() + "', which is "
                    + (sent.status() == ContentStatus.DRAFT ? "a draft" : "retired") + ": a prospect who accepts this"
                    + " offer would get nothing. Make '" + sent.name() + "' live first, or choose a live piece");
        });
    }

    /** The other side of {@link #checkOfferSendsLive}: a piece a live offer sends stays live until the offer changes. */
    private void checkNoLiveOfferSends(long id, ContentStatus status) {
        if (status == ContentStatus.LIVE) {
            return;
        }
        List<String> offering = store.liveOffering(id);
        if (!offering.isEmpty()) {
            throw new ConflictException("It stays live: the offer of live piece" + (offering.size() == 1 ? " '" : "s '")
                    + String.join("', '", offering) + "' sends it, and a prospect who accepts would get nothing."
                    + " Point that offer at another piece, or take its piece out of live, first",
                    Map.of("sentByOffersOf", offering));
        }
    }

    private static void checkStatus(ContentStatus from, ContentStatus to) {
        if (!from.allowedNext().contains(to)) {
            throw new ConflictException("A " + from + " content item cannot become " + to + "; it may become "
                    + from.allowedNext().stream().filter(s -> s != from).toList(),
                    Map.of("from", from, "to", to, "allowed", from.allowedNext().stream().filter(s -> s != from).toList()));
        }
    }

    private static ContentItem stamped(ContentItem c, long id, String createdBy, Instant createdAt, String updatedBy,
            Instant updatedAt) {
        return new ContentItem(id, c.name(), c.type(), c.topics(), c.stages(), c.segmentIds(), c.language(), c.status(),
                c.validUntil(), c.landingUrl(), c.offer(), c.landing(), c.fallbacks(), c.variants(), createdBy, createdAt, updatedBy,
                updatedAt);
    }

    private static Map<String, Object> summary(ContentItem item) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", item.name());
        details.put("type", item.type());
        details.put("status", item.status());
        return details;
    }

    private static String lower(String value) {
        return value == null ? null : value.strip().toLowerCase(java.util.Locale.ROOT);
    }
}
