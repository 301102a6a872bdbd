package io.keepwarm.tracking.web;

import io.keepwarm.contact.Contacts;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentType;
import io.keepwarm.delivery.Notifications;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.engine.Reason;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.tracking.internal.Answers;
import io.keepwarm.tracking.internal.MachineFilter;
import io.keepwarm.tracking.internal.OptIns;
import io.keepwarm.tracking.internal.PreferenceCentre;
import io.keepwarm.tracking.internal.Recorder;
import io.keepwarm.tracking.internal.SignedLinks;
import io.keepwarm.tracking.internal.Token;
import io.keepwarm.tracking.internal.Tokens;
import io.keepwarm.tracking.internal.Tracked;
import io.keepwarm.tracking.internal.Visitor;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The pages a prospect reaches from an email, each known by its signed token alone: no login, no cookie. A GET
 * only ever shows a page (link scanners fetch every link); a change needs the page's button, a POST. Pages show the
 * first name at most, and everything that came from a request is written with th:text, never th:utext. Each names the
 * sender, so that "no more emails" says from whom. The one page under /ui/ is a signed-in person's preview of a landing
 * page as a contact would see it.
 */
@Controller
class ProspectPages {

    private final Tokens tokens;
    private final Answers answers;
    private final PreferenceCentre preferences;
    private final OptIns optIns;
    private final Recorder recorder;
    private final MachineFilter machines;
    private final Contacts contacts;
    private final Notifications mail;
    private final Tasks tasks;
    private final ProspectSpeech speech;
    private final MessageSource messages;
    private final Clock clock;

    ProspectPages(Tokens tokens, Answers answers, PreferenceCentre preferences, OptIns optIns, Recorder recorder,
            MachineFilter machines, Contacts contacts, Notifications mail, Tasks tasks, ProspectSpeech speech,
            MessageSource messages, Clock clock) {
        this.speech = speech;
        this.messages = messages;
        this.mail = mail;
        this.tasks = tasks;
        this.machines = machines;
        this.contacts = contacts;
        this.tokens = tokens;
        this.answers = answers;
        this.preferences = preferences;
        this.optIns = optIns;
        this.recorder = recorder;
        this.clock = clock;
    }

    /**
     * The account's From name. A program may send as the contact's owner instead, but the token does not say which
     * email it came in, and what these pages change (unsubscribe above all) holds for every email of the account.
     */
    @ModelAttribute("sender")
    String sender() {
        return mail.transport().fromName();
    }

    /** The question and its button; to someone unsubscribed already, since when, and the way back. */
    @GetMapping("/t/u/{token}")
    String unsubscribePage(@PathVariable String token, HttpServletRequest request, Model model) {
        Token unsubscribe = verified(token, Token.Purpose.UNSUBSCRIBE);
        return erased(unsubscribe) ? erased(request, model)
                : unsubscribed(unsubscribe, false, speak(unsubscribe.subject(), request), model);
    }

    /**
     * RFC 8058 one-click: a mail client POSTs {@code List-Unsubscribe=One-Click} without cookies and gets 200 (no
     * redirect); the page's own button posts here too.
     */
    @PostMapping("/t/u/{token}")
    String unsubscribe(@PathVariable String token, @RequestParam(name = "from", required = false) String from,
            @RequestParam(required = false) String shownIn, HttpServletRequest request, Model model) {
        Token unsubscribe = verified(token, Token.Purpose.UNSUBSCRIBE);
        if (erased(unsubscribe)) {
            return erased(request, model);
        }
        // The page's button: the evidence is the page's words as the person read them, in the language the form says
        // it was shown in (the contact's may have changed since), else the one it speaks now. A mail client's
        // one-click showed no page of ours.
        boolean page = "page".equals(from);
        Answers.Shown shown = page ? unsubscribeWords(shown(shownIn, unsubscribe.subject(), request))
                : Answers.Shown.NO_PAGE;
        // The piece of the email the link came in: the withdrawal names that email on the contact's consent ledger.
        boolean now = answers.unsubscribe(unsubscribe.subject(), unsubscribe.detail(), Requests.visitor(request),
                !page, shown);
        return unsubscribed(unsubscribe, now, speak(unsubscribe.subject(), request), model);
    }

    /** The unsubscribe page's button and sentence as it showed them in that locale: what the person agreed to. */
    private Answers.Shown unsubscribeWords(Locale shown) {
        return new Answers.Shown(messages.getMessage("unsubscribe.button", null, shown) + " ("
                + messages.getMessage("unsubscribe.oneClick", null, shown) + " " + sender() + ".)",
                shown.getLanguage());
    }

    /**
     * The locale a page posted from was shown in: the one its form names ({@code shownIn}), when the pages speak it,
     * else the one they speak for the contact now.
     */
    private Locale shown(String shownIn, long contact, HttpServletRequest request) {
        return shownIn != null && ProspectLocales.SPOKEN.contains(shownIn) ? ProspectLocales.of(shownIn)
                : speak(contact, request);
    }

    /**
     * The unsubscribe link of an email sent to someone erased since: they are unsubscribed for good (their address is
     * a suppression hash), so the page and a mail client's one-click POST say so with 200, as for anyone unsubscribed,
     * rather than a 404 naming a contact number.
     */
    private String erased(HttpServletRequest request, Model model) {
        speak(null, request);
        model.addAttribute("erased", true);
        model.addAttribute("done", false);
        model.addAttribute("since", null);
        return "tracking/unsubscribe";
    }

    /** Whether the token's contact is gone (erased; a merged one's token names its survivor by now). */
    private boolean erased(Token token) {
        return contacts.existing(List.of(token.subject())).isEmpty();
    }

    private String unsubscribed(Token unsubscribe, boolean justNow, Locale locale, Model model) {
        long contact = unsubscribe.subject();
        model.addAttribute("erased", false);
        model.addAttribute("name", answers.firstName(contact).orElse(null));
        model.addAttribute("done", justNow);
        model.addAttribute("since", justNow ? null
                : answers.unsubscribedSince(contact).map(day -> ProspectLocales.said(day, locale)).orElse(null));
        // The piece of the email the unsubscribe link came in: a change of mind stated there names that email.
        model.addAttribute("preferencesToken", tokens.sign(Token.preferences(contact, unsubscribe.detail())));
        return "tracking/unsubscribe";
    }

    @GetMapping("/t/p/{token}")
    String preferencePage(@PathVariable String token, HttpServletRequest request, Model model) {
        long contact = contact(token, Token.Purpose.PREFERENCES);
        return preferences(contact, speak(contact, request), model, false);
    }

    @PostMapping("/t/p/{token}")
    String savePreferences(@PathVariable String token, @RequestParam(required = false) Boolean email,
            @RequestParam(required = false) List<String> topics, @RequestParam(required = false) String rhythm,
            @RequestParam(defaultValue = "0") int notNowMonths, @RequestParam(required = false) String shownIn,
            HttpServletRequest request, Model model) {
        Token page = verified(token, Token.Purpose.PREFERENCES);
        long contact = page.subject();
        PreferenceCentre.Rhythm chosen = rhythm(rhythm);
        int months = List.of(3, 6, 12, PreferenceCentre.ASK_ANY_TIME).contains(notNowMonths) ? notNowMonths : 0;
        Set<String> topicSet = topics == null ? Set.of() : new TreeSet<>(topics.stream()
                .map(t -> t.strip().toLowerCase(Locale.ROOT)).toList());
        // The consent is stated in the words of the page the prospect read: the language the form says it was shown
        // in (the contact's language may have changed since), else the one the page speaks now.
        Locale shown = shown(shownIn, contact, request);
        PreferenceCentre.Words words = new PreferenceCentre.Words(messages.getMessage("prefs.emailYes", null, shown),
                messages.getMessage("prefs.emailNo", null, shown), shown.getLanguage());
        // The piece of the email whose link led here, when the token came in one: the consent they state names it.
        preferences.save(contact, new PreferenceCentre.Choices(email, topicSet, chosen, months, null, null),
                Requests.visitor(request), page.detail() == 0 ? null : page.detail(), words);
        return preferences(contact, speak(contact, request), model, true);
    }

    @GetMapping("/t/l/{token}")
    String landing(@PathVariable String token, @RequestParam(name = SignedLinks.VIA, required = false) String via,
            HttpServletRequest request, Model model) {
        Token landing = verified(token, Token.Purpose.LANDING);
        ContentItem piece = answers.piece(landing.detail());
        Visitor visitor = Requests.visitor(request);
        // A link scanner fetches landing pages too; its visit is kept flagged, as is one a flagged click led to.
        MachineFilter.Flag flag = SignedLinks.via(via);
        recorder.record(new Tracked(Tracked.Kind.PAGE_VIEW, null, landing.subject(), null, "content:" + piece.id(),
                visitor.userAgent(), visitor.referrer(), visitor.ip(),
                flag != null ? flag : machines.click(visitor.userAgent(), null, clock.instant()), clock.instant()));
        // Opened again after an offer was taken: say what the press did, in its words, and offer again only a piece
        // that was withheld and would go now; a piece sent, one that failed (it would fail again), or a call asked
        // for, stands.
        long contact = landing.subject();
        Locale locale = speak(contact, request);
        Before offerBefore = piece.offer() == null ? null
                : answers.earlier(contact, piece, piece.offer().key()).map(a -> Before.of(a, locale)).orElse(null);
        model.addAttribute("offerBefore", offerBefore);
        model.addAttribute("callBefore", answers.earlier(contact, piece, Answers.CALL_ME).map(a -> Before.of(a, locale))
                .orElse(null));
        withheld(contact, offerBefore != null && offerBefore.outcome().equals(Answers.Accepted.WITHHELD.name()), model);
        // A landing page is reached from an email of its piece: saying yes to email from here names that email.
        model.addAttribute("preferencesToken", tokens.sign(Token.preferences(contact, piece.id())));
        return landingPage(token, contact, piece, model, null);
    }

    /**
     * For a piece withheld: why it would be withheld again now, by the gates the send itself applies, so the page
     * says what the prospect can do instead; "Send it again" only when nothing would hold it.
     */
    private void withheld(long contact, boolean withheld, Model model) {
        Blocked why = withheld ? answers.withheldNow(contact).map(Blocked::of).orElse(null) : null;
        model.addAttribute("why", why == null ? null : why.name());
        model.addAttribute("sendAgain", withheld && why == null);
    }

    /**
     * Why a piece would be withheld, as the page words it: each says what the prospect can do, and none more than
     * the first name of theirs.
     */
    enum Blocked {
        /** They withdrew consent: saying yes to email in the preference centre lets the piece go. */
        UNSUBSCRIBED,
        /** Marked do-not-contact by email: nothing the prospect can change here; a call they still may ask for. */
        NOT_EMAILED,
        /** The address is suppressed, bounced, unreachable or gone (or there is none): a call they still may ask for. */
        ADDRESS,
        OTHER;

        static Blocked of(Reason reason) {
            return switch (reason) {
                case CONSENT_WITHDRAWN -> UNSUBSCRIBED;
                case DO_NOT_CONTACT -> NOT_EMAILED;
                case SUPPRESSED, INVALID_ADDRESS -> ADDRESS;
                default -> OTHER;
            };
        }
    }

    /** An offer taken before, as its page says it: what it did, and on which day. */
    record Before(String outcome, String on) {
        static Before of(Answers.Acceptance earlier, Locale locale) {
            return new Before(earlier.outcome().name(), ProspectLocales.said(earlier.earlierOn(), locale));
        }
    }

    @PostMapping("/t/l/{token}/accept")
    String accept(@PathVariable String token, @RequestParam(required = false) String offer, HttpServletRequest request,
            Model model) {
        Token landing = verified(token, Token.Purpose.LANDING);
        ContentItem piece = answers.piece(landing.detail());
        long contact = landing.subject();
        Locale locale = speak(contact, request);
        Answers.Acceptance accepted = answers.accept(contact, piece, offer, Requests.visitor(request));
        model.addAttribute("sent", accepted.outcome().name());
        model.addAttribute("earlierOn", accepted.earlierOn() == null ? null
                : ProspectLocales.said(accepted.earlierOn(), locale));
        // Withheld or failed: the answer says why in words.
        boolean withheld = accepted.outcome() == Answers.Accepted.WITHHELD;
        withheld(contact, withheld, model);
        // Whatever the offer did, a call not yet asked for is still offered; one asked for is said, not offered again.
        // The answer to the call itself says so in its own words.
        model.addAttribute("callBefore", Answers.CALL_ME.equals(offer) ? null
                : answers.earlier(contact, piece, Answers.CALL_ME).map(a -> Before.of(a, locale)).orElse(null));
        model.addAttribute("preferencesToken", tokens.sign(Token.preferences(contact, piece.id())));
        return landingPage(token, contact, piece, model, offer);
    }

    /**
     * A check-in's one-click answer, "not now: ask me again in 3 (6, 12) months", as the preference centre takes it:
     * the page says until when we will not ask, or the day we will where that day's call can be made (the page's
     * {@code callable}).
     */
    @PostMapping("/t/l/{token}/not-now")
    String notNow(@PathVariable String token, @RequestParam(defaultValue = "0") int months, HttpServletRequest request,
            Model model) {
        Token landing = verified(token, Token.Purpose.LANDING);
        ContentItem piece = answers.piece(landing.detail());
        if (piece.type() != ContentType.CHECK_IN || !NOT_NOW_MONTHS.contains(months)) {
            throw new NotFoundException("This page offers no 'not now' for " + months + " months");
        }
        long contact = landing.subject();
        Locale locale = speak(contact, request);
        LocalDate on = preferences.notNow(contact, months, piece.name(), Requests.visitor(request));
        model.addAttribute("notNowOn", ProspectLocales.said(on, locale));
        model.addAttribute("preferencesToken", tokens.sign(Token.preferences(contact, piece.id())));
        return landingPage(token, contact, piece, model, null);
    }

    private static final List<Integer> NOT_NOW_MONTHS = List.of(3, 6, 12);

    /** As after an offer was taken: the address of the answer, opened again, is the landing page. */
    @GetMapping("/t/l/{token}/not-now")
    String notNowAlready(@PathVariable String token) {
        verified(token, Token.Purpose.LANDING);
        return "redirect:/t/l/" + token;
    }

    /**
     * The address the browser shows after an offer was taken, opened again: a tab restored, the address copied or
     * bookmarked, a reload that asks no second post. It leads to the landing page, which says what the press did;
     * unmapped, it was a raw "nothing at this address" to the prospect. A GET records and takes nothing.
     */
    @GetMapping("/t/l/{token}/accept")
    String acceptedAlready(@PathVariable String token) {
        verified(token, Token.Purpose.LANDING);
        return "redirect:/t/l/" + token;
    }

    /**
     * A piece's landing page as one contact would see it, for a signed-in person (the address is under /ui/, behind
     * the login): the links in a content preview lead here. A look records no visit, and the offers are shown but
     * cannot be taken.
     */
    @GetMapping("/ui/content/{id}/landing")
    String landingPreview(@PathVariable long id, @RequestParam long contact, HttpServletRequest request, Model model) {
        // As the contact would see it: in their language, the preview's own note too.
        speak(contact, request);
        model.addAttribute("preview", true);
        return landingPage(null, contact, answers.piece(id), model, null);
    }

    @GetMapping("/t/confirm/{token}")
    String confirmPage(@PathVariable String token, HttpServletRequest request, Model model) {
        Token confirm = verified(token, Token.Purpose.OPT_IN);
        return confirmation(confirm, speak(confirm.subject(), request), model);
    }

    @PostMapping("/t/confirm/{token}")
    String confirm(@PathVariable String token, @RequestParam(required = false) String shownIn,
            HttpServletRequest request, Model model) {
        Token confirm = verified(token, Token.Purpose.OPT_IN);
        // The ledger keeps the question in the words and the language of the page it was confirmed on (the form says
        // which; the contact's language may have changed since).
        optIns.confirm(confirm.subject(), confirm.detail(), Requests.visitor(request),
                shown(shownIn, confirm.subject(), request));
        return confirmation(confirm, speak(confirm.subject(), request), model);
    }

    private String confirmation(Token confirm, Locale locale, Model model) {
        var request = optIns.pending(confirm.subject(), confirm.detail());
        model.addAttribute("name", answers.firstName(confirm.subject()).orElse(null));
        model.addAttribute("text", optIns.question(request, locale));
        model.addAttribute("done", request.confirmedAt() != null);
        model.addAttribute("expired", optIns.expired(request));
        return "tracking/confirm";
    }

    private String preferences(long contact, Locale locale, Model model, boolean saved) {
        model.addAttribute("name", answers.firstName(contact).orElse(null));
        PreferenceCentre.Choices choices = preferences.current(contact);
        model.addAttribute("choices", choices);
        model.addAttribute("pausedUntil", choices.pausedUntil() == null ? null
                : ProspectLocales.said(choices.pausedUntil(), locale));
        model.addAttribute("readyOn", choices.readyOn() == null ? null : ProspectLocales.said(choices.readyOn(), locale));
        // The ready day's question is a call (ReadinessChecks): one nobody may make would be a broken promise.
        model.addAttribute("askedOnReadyDay", choices.readyOn() != null && tasks.whyNotCalled(contact).isEmpty());
        model.addAttribute("unsubscribedSince", answers.unsubscribedSince(contact)
                .map(day -> ProspectLocales.said(day, locale)).orElse(null));
        Set<String> topics = preferences.topics();
        model.addAttribute("topics", topics);
        model.addAttribute("topicNames", answers.topicNames(List.copyOf(topics)));
        model.addAttribute("rhythms", PreferenceCentre.Rhythm.values());
        model.addAttribute("saved", saved);
        return "tracking/preferences";
    }

    private String landingPage(String token, long contact, ContentItem piece, Model model, String accepted) {
        model.addAttribute("token", token);
        model.addAttribute("name", answers.firstName(contact).orElse(null));
        model.addAttribute("piece", piece);
        model.addAttribute("title", piece.landing() != null && piece.landing().title() != null ? piece.landing().title()
                : piece.name());
        model.addAttribute("kind", piece.type().withArticle());
        model.addAttribute("webinar", piece.type() == ContentType.WEBINAR_INVITE);
        model.addAttribute("topics", answers.topicNames(piece.topics()));
        model.addAttribute("callMe", Answers.CALL_ME);
        // "Someone will call you" to a person we have no number for (or may not call) is a promise nobody keeps: the
        // rep gets the lead with "do not call" on it. The answer says how they will hear from us instead.
        model.addAttribute("callable", tasks.whyNotCalled(contact).isEmpty());
        model.addAttribute("accepted", accepted);
        model.addAttribute("checkIn", piece.type() == ContentType.CHECK_IN);
        return "tracking/landing";
    }

    private Locale speak(Long contact, HttpServletRequest request) {
        return speech.speak(contact, request);
    }

    private long contact(String token, Token.Purpose purpose) {
        return verified(token, purpose).subject();
    }

    /**
     * The token, its contact the survivor when the one it names was since merged into another: the links in mail
     * sent before a merge (unsubscribe above all) keep working for the person.
     */
    private Token verified(String token, Token.Purpose purpose) {
        Token verified = tokens.verify(token, purpose)
                .orElseThrow(() -> TrackingController.notFound(tokens, token, purpose));
        Long survivor = contacts.survivorsOfIds(List.of(verified.subject())).get(verified.subject());
        Token current = survivor == null ? verified : new Token(verified.purpose(), survivor, verified.detail());
        if (purpose != Token.Purpose.UNSUBSCRIBE && erased(current)) {
            throw new io.keepwarm.platform.NotFoundException(ERASED);
        }
        return current;
    }

    /** What a link of someone erased since says, in place of the contact number it could not find. */
    static final String ERASED = "This link was for someone whose details we have erased: we keep nothing about them"
            + " now, and no email goes to their address again.";

    private static PreferenceCentre.Rhythm rhythm(String value) {
        for (PreferenceCentre.Rhythm r : PreferenceCentre.Rhythm.values()) {
            if (r.name().equals(value)) {
                return r;
            }
        }
        return PreferenceCentre.Rhythm.AS_IT_COMES;
    }
}
