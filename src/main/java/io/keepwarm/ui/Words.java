package io.keepwarm.ui;

import io.keepwarm.activity.ActivityType;
import io.keepwarm.content.ContentType;
import io.keepwarm.handoff.AlertWording;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.trigger.Firing;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The words the pages show for what the modules answer in the API's terms: field names, codes and the sentences that
 * name them. The API keeps its names and codes (an integrator acts on them); a person acts on the labels and words of
 * the pages, so every page turns them into these here, in one place, and says the same thing the same way. Templates
 * reach it as {@code @words}.
 */
@Component("words")
public class Words implements AlertWording {

    /**
     * A share (0.625) as a whole percent, rounded half up as people do (63%, not the 62% of Thymeleaf's half-even
     * formatPercent): every page rounds a share this one way, so one ratio never reads as two figures.
     */
    public static String percent(Double share) {
        return percent(share, 0);
    }

    /** A share as a percent with so many decimals, rounded half up; a dash for none (a share of nothing). */
    public static String percent(Double share, int decimals) {
        return share == null ? "–" : java.math.BigDecimal.valueOf(share).movePointRight(2)
                .setScale(decimals, java.math.RoundingMode.HALF_UP).toPlainString() + "%";
    }

    /** The content editor's section where a variable's default is typed. */
    static final String DEFAULTS_SECTION = "Defaults when a contact's value is missing";

    /** A program or trigger named by its id where the hand-off module writes who moved a lead ("by program:7"). */
    private static final Pattern BY_AUTOMATION = Pattern.compile("\\bby (program|trigger):(\\d+)\\b");

    /** Looked up when first needed: its programs and triggers reach, through the hand-off module, back to this bean. */
    private final ObjectProvider<ActorNames> actorNames;
    private final Users users;

    Words(ObjectProvider<ActorNames> actorNames, Users users) {
        this.actorNames = actorNames;
        this.users = users;
    }

    /** Why a touch was held back or dropped, as a legend or a count says it. */
    private static final Map<String, String> SUPPRESSION = Map.ofEntries(
            Map.entry("NO_CONSENT", "no consent"),
            Map.entry("CONSENT_WITHDRAWN", "consent withdrawn"),
            Map.entry("DO_NOT_CONTACT", "do not contact"),
            Map.entry("SUPPRESSED", "on the suppression list"),
            Map.entry("NO_PHONE_NUMBER", "no phone number"),
            Map.entry("INVALID_ADDRESS", "cannot be reached"),
            Map.entry("WRONG_CHANNEL", "prefers another channel"),
            Map.entry("CAP_REACHED", "touch limit reached"),
            Map.entry("QUIET_HOURS", "quiet hours"),
            Map.entry("UNKNOWN_TIME_ZONE", "time zone unknown"),
            Map.entry("PREFERENCE", "not what they asked for"),
            Map.entry("LANGUAGE", "not in their language"),
            Map.entry("PAUSED", "paused by the contact"),
            Map.entry("ALREADY_RECEIVED", "already received"),
            Map.entry("CONTACT_GONE", "contact gone"),
            Map.entry("STALE", "too late to send"),
            Map.entry("CONTENT_EXPIRED", "piece expired"),
            // Why a program's planned touch was dropped before it could go.
            Map.entry("ENROLLMENT_ENDED", "enrollment ended"),
            Map.entry("PROGRAM_ARCHIVED", "program archived"),
            Map.entry("REMOVED_FROM_POOL", "removed from the pool"),
            Map.entry("STEP_EDITED", "step changed by an edit"),
            Map.entry("UNRENDERABLE", "the piece could not be filled in"),
            Map.entry("CONTENT_IN_DRAFT", "the piece is a draft"),
            // Why a readiness check had nothing to ask.
            Map.entry("WITH_SALES", "with sales (marketing-qualified)"),
            Map.entry("ASKED_LATER", "asked to be asked later"));

    /**
     * The API's names of fields that the pages' forms label in their own words ("readyOn" is the date the contact page
     * labels "Expected ready on" and My day "Ready on"); a name not here is said as it is.
     */
    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("readyOn", "the ready-on date"),
            Map.entry("askAgainOn", "the ask-again date"),
            Map.entry("maxTouches", "the number of touches"),
            Map.entry("windowDays", "the number of days"));

    /** Where a list of "field message; field message" names a field: at its start and after each "; ". */
    private static final Pattern NAMED_FIELD = Pattern.compile("(^|; )([A-Za-z][\\w.]*)(?= )");

    /** How a hand-off's rep was chosen (Handoff.ChosenBy), as "(chosen by OWNER)" says it: who the rep is to them. */
    private static final Map<String, String> CHOSEN_BY = Map.of(
            "OWNER", "the contact's owner",
            "TERRITORY", "the rep for their territory",
            "ROUND_ROBIN", "the next rep in turn",
            "CALLER", "the rep who reached them",
            "TEAM", "a teammate of their rep",
            "HAND", "named by a person");

    /**
     * Where a program, a trigger or a piece of content stands, as its page and lists label it: what a marketer set, so
     * one word each (a sentence lowers it: "the program is draft").
     */
    private static final Map<String, String> STATUSES = Map.of(
            "DRAFT", "Draft",
            "ACTIVE", "Active",
            "PAUSED", "Paused",
            "ARCHIVED", "Archived",
            "LIVE", "Live",
            "RETIRED", "Retired");

    /** A program's kind, as the lists label it. */
    private static final Map<String, String> PROGRAM_KINDS = Map.of("SEQUENCE", "Sequence", "STREAM", "Stream");

    /** How a channel reads: as a channel ("phone calls") and as one touch on it ("call"). */
    private record ChannelWords(String channel, String touch) {}

    private static final Map<String, ChannelWords> CHANNELS = Map.of(
            "EMAIL", new ChannelWords("email", "email"),
            "PHONE", new ChannelWords("phone calls", "call"),
            "SMS", new ChannelWords("SMS", "SMS"));

    /** Where a contact came from: as the details' "Source" says it, and as the timeline says they were added. */
    private record SourceWords(String source, String added) {}

    private static final Map<String, SourceWords> SOURCES = Map.ofEntries(
            Map.entry("TRADE_SHOW", new SourceWords("trade show", "Met at a trade show")),
            Map.entry("COLD_CALL", new SourceWords("cold call", "Found by a cold call")),
            Map.entry("WEB_FORM", new SourceWords("web form", "Signed up on a web form")),
            Map.entry("REFERRAL", new SourceWords("referral", "Referred by someone")),
            Map.entry("BUSINESS_CARD", new SourceWords("business card", "Added from a business card")),
            Map.entry("LOST_DEAL", new SourceWords("lost deal", "Added from a lost deal")),
            Map.entry("EVENT", new SourceWords("event", "Met at an event")),
            Map.entry("PARTNER", new SourceWords("partner", "Brought by a partner")),
            Map.entry("IMPORT", new SourceWords("import", "Added by a file import")),
            Map.entry("API", new SourceWords("the API", "Added through the API")),
            Map.entry("MANUAL", new SourceWords("typed in by hand", "Typed in by hand in Keepwarm")),
            Map.entry("OTHER", new SourceWords("other", "Added from another source")));

    /** Where an import of a file stands. */
    private static final Map<String, String> IMPORT_STATUSES = Map.of(
            "RUNNING", "running",
            "DONE", "finished",
            "FAILED", "failed");

    /**
     * Where an email of the outbox stands. KEPT is what Delivery stores when no SMTP server is configured at the time:
     * the message stays in the outbox and is never handed to a mail server, not even one configured later.
     */
    private static final Map<String, String> OUTBOX_STATUSES = Map.of(
            "KEPT", "Kept here, not sent: no SMTP server was configured",
            "QUEUED", "Waiting to be sent",
            "SENDING", "Being sent",
            "SENT", "Sent",
            "FAILED", "Failed",
            "IN_DOUBT", "In doubt: it may or may not have gone",
            "WITHHELD", "Withheld: not sent");

    /** What a program's forecast says would happen to a touch still to come. */
    private static final Map<String, String> FORECAST = Map.of(
            "SENT", "would send",
            "DEFERRED", "would wait until",
            "SUPPRESSED", "would not send");

    /** Who moved a contact between stages, by the kind of actor the stage history records (the audit's details). */
    private static final Map<String, String> ACTOR_TYPES = Map.of(
            "USER", "a person",
            "API", "an API key",
            "PROGRAM", "a program",
            "TRIGGER", "a trigger",
            "SYSTEM", "Keepwarm itself");

    /** Offers a prospect takes on every landing page, by the words of the page's button. */
    private static final Map<String, String> OFFERS = Map.of("call-me", "have someone call me");

    private static final Pattern CHOSEN = Pattern.compile("\\(chosen by ([A-Z_]+)\\b");
    /** A rejection's reason as the hand-off and trigger modules write it in a context: "rejected: NOT_READY". */
    private static final Pattern REJECTED = Pattern.compile("rejected: ([A-Z][A-Z_]+)\\b");
    private static final Pattern OFFER = Pattern.compile("took the offer ([\\w-]+)");
    /**
     * What fired a trigger as the trigger module writes it for the API ("PAGE_VIEW https://…", "stage NURTURE → MQL"):
     * an activity's type or a stage is a code a person reads in words.
     */
    private static final Pattern CUE_ACTIVITY = Pattern.compile("(?m)(?:^|(?<=': ))(?:" + Arrays.stream(ActivityType.values())
            .map(Enum::name).collect(java.util.stream.Collectors.joining("|")) + ")\\b");
    private static final Pattern CUE_STAGES = Pattern.compile("(?m)(^|': )stage ([A-Z_]+) → ([A-Z_]+)$");
    /** An activity's id, which the API's context keeps for an integrator; a person has no page to look it up on. */
    private static final Pattern ACTIVITY_ID = Pattern.compile(" \\(activity \\d+\\)");

    /**
     * The fields of the audit log's details whose values are the API's codes: a stage, a consent's channel and state, a
     * role, a kind, a status, how a rep was chosen, a reason code. Other fields (names, notes, a territory's country DE)
     * keep what was recorded, even where it is upper case.
     */
    private static final Set<String> CODED_FIELDS = Set.of("from", "to", "stage", "setStage", "actorType", "reasonCode",
            "reason", "because", "channel", "preferredChannel", "state", "role", "kind", "status", "chosenBy", "source",
            "validity", "onOverdue", "format", "outcome", "type", "rejectReason", "statusFrom");
    /** A code as the API writes one: NURTURE, TRADE_SHOW, SMS; a two-letter value (a country, "OK") is not taken for one. */
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*");
    private static final Set<String> STAGES = Arrays.stream(Stage.values()).map(Stage::name)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final String ENTERED = "ENTERED_";
    /** Enrollments.movedByItsStep's prefix: the program's own setStage step took the contact out of nurture. */
    private static final String STEP_SET = "STEP_SET_";
    /** Why an enrollment ended, for the reasons that name no stage. */
    private static final Map<String, String> LEFT = Map.of(
            "LEFT_SEGMENT", "no longer in the program's segment",
            "REMOVED", "removed by a person",
            "PROGRAM_ARCHIVED", "the program was archived",
            "MERGED", "merged into another contact");
    private static final Set<String> ROLES = Arrays.stream(Role.values()).map(Role::name)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private static final Pattern NO_FALLBACK = Pattern.compile(
            "'([^']+)' has no fallback; add one to fallbacks, e\\.g\\. \\{\"[^\"]*\": \"[^\"]*\"}");

    /** A suppression reason's code as words: CAP_REACHED is "touch limit reached"; an unknown code is its words. */
    static String suppressed(String code) {
        return code == null ? "" : SUPPRESSION.getOrDefault(code, Forms.words(code));
    }

    /** As {@link #suppressed}, for a template. */
    public String suppression(String code) {
        return suppressed(code);
    }

    /** An offer's key as the button of every landing page words it ("call-me" is "have someone call me"), else the key. */
    static String offer(String key) {
        return OFFERS.getOrDefault(key, key);
    }

    /** How a hand-off's rep was chosen, in words: OWNER is "the contact's owner". */
    static String chosenBy(String code) {
        return code == null ? "" : CHOSEN_BY.getOrDefault(code, Forms.words(code));
    }

    /** A hand-off's reason for a rejection (NOT_READY), in words: "not ready". */
    static String rejectReason(String code) {
        return Forms.words(code);
    }

    /**
     * As the hand-off module words a rejection for the stage it moves the contact to, and for the date it sets to ask
     * again: "Hand-off 1 rejected by rita: NOT_READY (note)".
     */
    private static final Pattern REJECTED_BY = Pattern.compile("Hand-off \\d+ rejected by (\\S+): ([A-Z_]+)( \\(.*\\))?",
            Pattern.DOTALL);
    /** As the hand-off module words an acceptance for the stage it moves the contact to: "Hand-off 6 accepted by rita". */
    private static final Pattern ACCEPTED_BY = Pattern.compile("Hand-off \\d+ accepted by (\\S+)");

    /**
     * A reason that records a hand-off's decision names its hand-off, the rep's username and the reason's code (the API
     * keeps them): the timeline and the audit log say the rep by name and the reason in words ("Hand-off rejected by
     * Rita: not ready"). Empty for any other reason.
     */
    static java.util.Optional<String> handoffDecision(String reason, java.util.function.UnaryOperator<String> actor) {
        Matcher rejected = reason == null ? null : REJECTED_BY.matcher(reason);
        if (rejected != null && rejected.matches()) {
            return java.util.Optional.of("Hand-off rejected by " + actor.apply(rejected.group(1)) + ": "
                    + rejectReason(rejected.group(2)) + (rejected.group(3) == null ? "" : rejected.group(3)));
        }
        Matcher accepted = reason == null ? null : ACCEPTED_BY.matcher(reason);
        if (accepted != null && accepted.matches()) {
            return java.util.Optional.of("Hand-off accepted by " + actor.apply(accepted.group(1)));
        }
        return java.util.Optional.empty();
    }

    /**
     * Why an automatic move left a lead where it was, from the hold recorded by its rep's id: "a lead in sales' hands:
     * the hand-off is open with Rita, who accepts or rejects it", the rep by the name they have when it is read; "and
     * waits for a rep" while it had none; a rep no longer in Keepwarm said so, not by an id.
     *
     * @param repId null when the hand-off waited for a rep
     * @param users a user by id, empty when there is none
     */
    static String held(Long repId, LongFunction<Optional<User>> users) {
        String open = "a lead in sales' hands: the hand-off is open ";
        if (repId == null) {
            return open + "and waits for a rep, who accepts or rejects it";
        }
        return users.apply(repId).map(rep -> open + "with " + rep.shownName() + ", who accepts or rejects it")
                .orElse(open + "with a rep since deleted");
    }

    /**
     * Only for rows recorded before holds were kept by their hand-off and rep (December 2026): the hand-off module's
     * API sentence as a program's passed-over step ("why") and a trigger's skipped stage move ("not moved to SQL: …")
     * stored it then, "contact 12 is a lead in sales' hands: hand-off 5 is open with Rita (user 4), who accepts or
     * rejects it (POST /api/v1/handoffs/5/accept or /reject)". Newer rows record the ids; read nothing else this way.
     */
    private static final Pattern EARLIER_HELD = Pattern.compile("contact \\d+ is a lead in sales' hands: hand-off \\d+"
            + " is open (?:with .+? \\(user (\\d{1,18})\\)|and waits for a rep), who accepts or rejects it \\(POST [^)]*\\)");

    /** An earlier row's text with its hold ({@link #EARLIER_HELD}) said as {@link #held} says a new one; else as written. */
    static String earlierHeld(String text, LongFunction<Optional<User>> users) {
        return text == null ? null : EARLIER_HELD.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
                held(m.group(1) == null ? null : Long.valueOf(m.group(1)), users)));
    }

    /**
     * Why a trigger's firing was skipped, without the code an integrator reads first ("LOOP: ", "LIMIT: "): the page
     * says "skipped: this trigger's own actions led here, through 'Ping' then 'Pong'".
     */
    public String firingReason(String reason) {
        return reason == null ? null : reason.replaceFirst("^[A-Z_]+: ", "");
    }

    /**
     * What a trigger's action did, as its firing recorded it, and for a stage move an open hand-off held, why in words
     * ({@link #held}): "not moved to Sales-qualified: a lead in sales' hands: the hand-off is open with Rita, …".
     */
    public String firingDetail(Firing.ActionResult action) {
        return firingDetail(action, users::find);
    }

    static String firingDetail(Firing.ActionResult action, LongFunction<Optional<User>> users) {
        if (action.detail() == null) {
            return null;
        }
        return action.held() == null ? earlierHeld(action.detail(), users)
                : action.detail() + ": " + held(action.held().repId(), users);
    }

    /** Whether a reason records a hand-off's rejection (the stage's entry of the timeline says it). */
    static boolean isHandoffRejection(String reason) {
        return reason != null && REJECTED_BY.matcher(reason).matches();
    }

    /** A day in a sentence, as pages say it: "4 March 2027". */
    public String day(java.time.LocalDate day) {
        return day == null ? "" : io.keepwarm.platform.Days.said(day);
    }

    /** An alert's text as My day shows it, for its email copy: its codes and its moments in words. */
    @Override
    public String alertText(String text) {
        return When.momentsInWords(said(text));
    }

    /** A module's text a page shows as written (an alert, a hand-off's why and context), with its codes in words. */
    public String said(String text) {
        if (text == null) {
            return null;
        }
        return message(BY_AUTOMATION.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
                "by " + actorNames.getObject().name(m.group(1) + ":" + m.group(2)))));
    }

    @Override
    public String pageOf(Long contactId) {
        return contactId == null ? "/ui/my-day" : "/ui/contacts/" + contactId;
    }

    /** What moved a score (ScoreChange.Cause), as its history says it. */
    private static final Map<String, String> SCORE_CAUSES = Map.of("RULE", "scoring rule", "DECAY", "faded",
            "PERSON", "set by a person", "TRIGGER", "trigger", "GRADE", "fit grade", "MERGE", "merged contacts",
            "RESET", "reset");

    /** A score change's cause in words: RULE is "scoring rule", DECAY "faded". */
    static String scoreCauseOf(Object cause) {
        return cause == null ? "" : SCORE_CAUSES.getOrDefault(cause.toString(), Forms.words(cause.toString()));
    }

    /** As {@link #scoreCauseOf}, for a template. */
    public String scoreCause(Object cause) {
        return scoreCauseOf(cause);
    }

    /**
     * Where a consent statement came from, as the contact page says it: the one source Keepwarm writes as a code, a
     * call's outcome, in words with whoever logged it ("call outcome logged by Rita Jones"); the others are words
     * already ("double opt-in", "unsubscribe link") or typed by a person or an integration, and shown as written (a
     * typed "CRM" is not a code to reword).
     */
    public String consentSource(io.keepwarm.contact.Consents.Entry entry) {
        if (entry == null || entry.source() == null) {
            return "";
        }
        if (entry.source().equals(io.keepwarm.delivery.CallOutcome.CONSENT_SOURCE)) {
            String reported = io.keepwarm.delivery.CallOutcomeReported.ACTOR;
            if (reported.equals(entry.recordedBy())) {
                return "call outcome reported through the events API";
            }
            return (entry.evidence() != null && reported.equals(entry.evidence().form())
                    ? "call outcome reported through the events API by " : "call outcome logged by ")
                    + actorNames.getObject().name(entry.recordedBy());
        }
        return entry.source();
    }

    /** A code of the API as a person reads it in a table or a line: TRADE_SHOW is "trade show", EMAIL "email". */
    public String code(Object code) {
        return inWords(code);
    }

    static String inWords(Object code) {
        return code == null ? "" : ABBREVIATIONS.contains(code.toString()) ? code.toString() : Forms.words(code.toString());
    }

    /**
     * An audit entry's action or kind of entity in words, as the pages write them: an abbreviation as written, a
     * hand-off with its hyphen (API_KEY_REVOKED is "API key revoked", HANDOFF_SLA_CHANGED "hand-off SLA changed").
     */
    static String logged(String code) {
        return code == null ? "" : LOGGED_WORD.matcher(Forms.words(code)).replaceAll(m -> m.group().equals("handoff")
                ? "hand-off" : m.group().toUpperCase(java.util.Locale.ROOT));
    }

    private static final Pattern LOGGED_WORD = Pattern.compile("\\b(?:api|sms|sla|handoff)\\b");

    /** Codes said as they are written: SMS, and API (a contact's or an enrollment's source). */
    private static final Set<String> ABBREVIATIONS = Set.of("SMS", "API");

    /** A program's, trigger's or piece's status as a label: LIVE is "Live". */
    public String status(Object code) {
        return said(STATUSES, code);
    }

    /** A program's kind: STREAM is "Stream". */
    public String programKind(Object code) {
        return said(PROGRAM_KINDS, code);
    }

    /** A piece's type: WHITE_PAPER is "white paper". */
    public String contentType(Object code) {
        return code instanceof ContentType type ? type.words()
                : Arrays.stream(ContentType.values()).filter(t -> t.name().equals(String.valueOf(code))).findFirst()
                        .map(ContentType::words).orElseGet(() -> inWords(code));
    }

    /** A channel: PHONE is "phone calls". */
    /** A language code as a person reads it: "de (German)"; null for none. */
    public String language(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        String name = java.util.Locale.forLanguageTag(code).getDisplayLanguage(java.util.Locale.ENGLISH);
        return name.isEmpty() || name.equals(code) ? code : code + " (" + name + ")";
    }

    public String channel(Object code) {
        return channelOf(code);
    }

    static String channelOf(Object code) {
        ChannelWords words = code == null ? null : CHANNELS.get(code.toString());
        return words == null ? inWords(code) : words.channel();
    }

    /** One touch on a channel: EMAIL is "email", PHONE "call". */
    static String touchOn(Object code) {
        ChannelWords words = code == null ? null : CHANNELS.get(code.toString());
        return words == null ? inWords(code) : words.touch();
    }

    /** Where a contact came from: API is "the API". */
    public String source(Object code) {
        SourceWords words = code == null ? null : SOURCES.get(code.toString());
        return words == null ? inWords(code) : words.source();
    }

    /** How a contact came to be, as a sentence: API is "Added through the API". */
    static String added(Object code) {
        SourceWords words = code == null ? null : SOURCES.get(code.toString());
        return words != null ? words.added() : code == null ? "Added" : "Added, source: " + inWords(code);
    }

    /** An import's status: DONE is "finished". */
    public String importStatus(Object code) {
        return said(IMPORT_STATUSES, code);
    }

    /** An outbox email's status: KEPT says it was kept because no SMTP server is configured. */
    public String outboxStatus(Object code) {
        return said(OUTBOX_STATUSES, code);
    }

    /** What a forecast says of a touch: SENT is "would send", DEFERRED "would wait until" the moment it goes out. */
    static String forecast(String outcome, String goesOut) {
        String said = said(FORECAST, outcome);
        return "DEFERRED".equals(outcome) ? said + " " + goesOut : said;
    }

    /** A trigger's action by the name its firings record: addTag is "add tag". */
    public String action(String name) {
        return name == null ? "" : Timeline.fieldWords(name);
    }

    /** Who moved a contact, by kind: PROGRAM is "a program". */
    static String actorType(Object code) {
        return said(ACTOR_TYPES, code);
    }

    private static String said(Map<String, String> words, Object code) {
        return code == null ? "" : words.getOrDefault(code.toString(), inWords(code));
    }

    /** A role as people say it ("Sales rep"); the API and the audit log keep its code (SALES). */
    public String role(Role role) {
        return roleInWords(role);
    }

    static String roleInWords(Role role) {
        return switch (role) {
            case ADMIN -> "Admin";
            case MARKETER -> "Marketer";
            case SALES -> "Sales rep";
        };
    }

    /**
     * A value the audit log recorded for a field, as the audit page says it: a code in words (stage NURTURE by the
     * account's label, "Nurture"; consent GRANTED "granted"; channel EMAIL "email"; role SALES "Sales rep"; a rejection's
     * NOT_READY "not ready"; chosen by OWNER "the contact's owner"); any other value as recorded. The API keeps the codes.
     */
    static String recorded(String field, String value, Map<Stage, String> stageLabels) {
        if (value == null || !CODED_FIELDS.contains(field) || value.length() < 3 || !CODE.matcher(value).matches()) {
            return value;
        }
        if (STAGES.contains(value)) {
            return stageLabels.getOrDefault(Stage.valueOf(value), inWords(value));
        }
        // Why a contact left its programs (Enrollments.enteredStage, movedByItsStep): in the words of their page.
        if (stageLeft(value) != null) {
            return leftProgram(value, stageLabels);
        }
        if (field.equals("role") && ROLES.contains(value)) {
            return roleInWords(Role.valueOf(value));
        }
        return switch (field) {
            case "chosenBy" -> chosenBy(value);
            case "actorType" -> actorType(value);
            case "channel", "preferredChannel" -> channelOf(value);
            default -> logged(value);
        };
    }

    /**
     * Why a contact left a program (an enrollment's end reason), as a marketer would say it: ENTERED_SQL is "entered"
     * and the stage's label, STEP_SET_DISQUALIFIED "a step of this program moved them to Disqualified", REMOVED
     * "removed by a person"; a code not known here in its words.
     */
    static String leftProgram(String reason, Map<Stage, String> stageLabels) {
        if (reason == null) {
            return "";
        }
        Stage stage = stageLeft(reason);
        if (stage != null) {
            String label = stageLabels.getOrDefault(stage, inWords(stage));
            return reason.startsWith(ENTERED) ? "entered " + label : "a step of this program moved them to " + label;
        }
        return LEFT.getOrDefault(reason, Forms.words(reason));
    }

    /** The stage of an end reason that names one (ENTERED_SQL, STEP_SET_DISQUALIFIED), else null. */
    private static Stage stageLeft(String reason) {
        for (String prefix : List.of(ENTERED, STEP_SET)) {
            if (reason.startsWith(prefix) && STAGES.contains(reason.substring(prefix.length()))) {
                return Stage.valueOf(reason.substring(prefix.length()));
            }
        }
        return null;
    }

    /** A field of the API as the pages label it; one they do not is said as the API names it. */
    static String field(String field) {
        return FIELDS.getOrDefault(field, field);
    }

    /**
     * A list of complaints as the modules join them ("attributes.birthday '03/12/1990' is not a date; email is
     * required") with each field the labels know in their words; a word they do not know is left as it is.
     */
    static String fields(String complaints, java.util.function.Function<String, String> labels) {
        if (complaints == null) {
            return null;
        }
        return NAMED_FIELD.matcher(complaints).replaceAll(m -> {
            String label = labels.apply(m.group(2));
            return Matcher.quoteReplacement(m.group(1) + (label == null ? m.group(2) : label));
        });
    }

    /**
     * A module's sentence with what names the API's parts in the page's words: a template's missing fallback is a
     * default typed under the editor's {@value #DEFAULTS_SECTION}; a rep "(chosen by OWNER)" is "(the contact's
     * owner)"; "took the offer call-me (activity 8)" is "took the offer 'have someone call me'".
     */
    static String message(String message) {
        if (message == null) {
            return null;
        }
        String said = NO_FALLBACK.matcher(message).replaceAll(m -> Matcher.quoteReplacement(
                "'" + m.group(1) + "' has no default: add one under '" + DEFAULTS_SECTION + "'"));
        said = CHOSEN.matcher(said).replaceAll(m -> Matcher.quoteReplacement(
                "(" + CHOSEN_BY.getOrDefault(m.group(1), "chosen by " + Forms.words(m.group(1)))));
        said = OFFER.matcher(said).replaceAll(m -> Matcher.quoteReplacement(
                "took the offer '" + OFFERS.getOrDefault(m.group(1), m.group(1)) + "'"));
        said = REJECTED.matcher(said).replaceAll(m -> Matcher.quoteReplacement("rejected: " + rejectReason(m.group(1))));
        said = CUE_ACTIVITY.matcher(said).replaceAll(m -> Matcher.quoteReplacement(Forms.words(m.group())));
        said = CUE_STAGES.matcher(said).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "stage "
                + Forms.words(m.group(2)) + " → " + Forms.words(m.group(3))));
        return ACTIVITY_ID.matcher(said).replaceAll("");
    }
}
