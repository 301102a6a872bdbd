package io.keepwarm.ui;

import io.keepwarm.contact.AttributeDefinition;
import io.keepwarm.contact.AttributeType;
import io.keepwarm.contact.Attributes;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.ContactFilter;
import io.keepwarm.contact.ContactSort;
import io.keepwarm.contact.ContactExports;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.Notes;
import io.keepwarm.contact.RepEdits;
import io.keepwarm.contact.Tags;
import io.keepwarm.delivery.Task;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.engine.FrequencyPreferences;
import io.keepwarm.handoff.Handoff;
import io.keepwarm.handoff.HandoffState;
import io.keepwarm.handoff.Handoffs;
import io.keepwarm.handoff.RejectReason;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.ActorType;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.LifecycleRules;
import io.keepwarm.lifecycle.Readiness;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.lifecycle.Transitions;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.Page;
import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.ProgramStatus;
import io.keepwarm.program.Programs;
import io.keepwarm.scoring.Scores;
import io.keepwarm.segment.Operator;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.RuleSyntaxException;
import io.keepwarm.segment.Segments;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/** The contact list with its filters, the contact page with its timeline, and the quick actions on it. */
@Controller
class ContactPages {

    /**
     * What the list filters by; blank means any.
     *
     * @param owner a user's id, or {@link #NOBODY} for the contacts nobody owns
     */
    record Filter(String q, Stage stage, String owner, String tag, String rule) {

        static final String NOBODY = "nobody";

        boolean any() {
            return !ContactFilter.words(q).isEmpty() || stage != null || !blank(owner) || !blank(tag) || !blank(rule);
        }

        public boolean nobody() {
            return NOBODY.equals(owner);
        }

        /** What the list is filtered by, in words ('"acme", stage and tag'); blank when by nothing. */
        public String by() {
            List<String> by = new java.util.ArrayList<>();
            if (!ContactFilter.words(q).isEmpty()) {
                by.add("\"" + q.strip() + "\"");
            }
            if (stage != null) {
                by.add("stage");
            }
            if (!blank(owner)) {
                by.add("owner");
            }
            if (!blank(tag)) {
                by.add("tag");
            }
            if (!blank(rule)) {
                by.add("segment rule");
            }
            return by.size() < 2 ? String.join("", by)
                    : String.join(", ", by.subList(0, by.size() - 1)) + " and " + by.getLast();
        }
    }

    /** One row of the list. */
    record Row(Contact contact, Stage stage, Scores.Score score, String owner) {

        public String name() {
            return contact.name();
        }
    }

    /**
     * The contact's next call booked, as a person reads it: what, when on their clock, and whose it is. Its time is the
     * first moment it may be made, as My day says it: one due while the contact sleeps waits for their hours to open.
     */
    private String nextCall(io.keepwarm.delivery.Task task, Contact contact) {
        Instant callable = tasks.entry(task.id()).map(Tasks.QueueEntry::callableFrom).orElse(null);
        String at = when.theirTime(callable == null ? task.dueAt() : callable, contact.timeZone(),
                contact.country());
        String whose = task.assigneeId() == null ? "in nobody's queue yet" : users.find(task.assigneeId())
                .map(u -> "with " + (u.displayName() == null ? u.username() : u.displayName())).orElse("");
        return MyDayPage.withoutName(task.title(), contact.name()) + ": " + at + ", " + whose;
    }

    /** A custom attribute as the details table shows it: by its label, its value in words. */
    record Detail(String label, String value) {}

    /**
     * The contact's custom attributes by the labels the account gave them, a date said as the page says days and a
     * yes-or-no in words; an attribute removed since by its key, its value as stored.
     */
    private List<Detail> details(Contact contact) {
        if (contact.attributes() == null || contact.attributes().isEmpty()) {
            return List.of();
        }
        Map<String, AttributeDefinition> defined = new java.util.HashMap<>();
        attributes.list().forEach(d -> defined.put(d.key(), d));
        return contact.attributes().entrySet().stream().map(a -> {
            AttributeDefinition d = defined.get(a.getKey());
            return new Detail(d == null || blank(d.label()) ? a.getKey() : d.label(), said(d, a.getValue()));
        }).toList();
    }

    private static String said(AttributeDefinition definition, Object value) {
        if (value == null) {
            return "";
        }
        AttributeType type = definition == null ? null : definition.type();
        if (type == AttributeType.DATE) {
            try {
                return When.dayOfWeek(LocalDate.parse(value.toString()));
            } catch (java.time.format.DateTimeParseException notADay) {
                return value.toString();
            }
        }
        return type == AttributeType.BOOLEAN ? (Boolean.parseBoolean(value.toString()) ? "yes" : "no")
                : value.toString();
    }


    static final int PAGE = 25;
    private static final int PROGRAMS = 200;

    private final Contacts contacts;
    private final Segments segments;
    private final Lifecycle lifecycle;
    private final LifecycleRules rules;
    private final Scores scores;
    private final Users users;
    private final Notes notes;
    private final Tags tags;
    private final Consents consents;
    private final Timeline timeline;
    private final ProgramGlances programs;
    private final Enrollments enrollments;
    private final FrequencyPreferences frequency;
    private final Readiness readiness;
    private final Handoffs handoffs;
    private final ContactMemberships memberships;
    private final RepEdits repEdits;
    private final Tasks tasks;
    private final Programs programDefinitions;
    private final EmailGate emailGate;
    private final When when;
    private final ActorNames actorNames;
    private final Attributes attributes;

    private final ContactExports exports;

    ContactPages(Contacts contacts, Segments segments, Lifecycle lifecycle, LifecycleRules rules, Scores scores,
            Users users, Notes notes, Tags tags, Consents consents, Timeline timeline, ProgramGlances programs,
            Enrollments enrollments, FrequencyPreferences frequency, Readiness readiness, Handoffs handoffs,
            ContactMemberships memberships, RepEdits repEdits, Tasks tasks, Programs programDefinitions,
            EmailGate emailGate, When when, Attributes attributes, ActorNames actorNames, ContactExports exports) {
        this.exports = exports;
        this.actorNames = actorNames;
        this.when = when;
        this.attributes = attributes;
        this.tasks = tasks;
        this.repEdits = repEdits;
        this.programDefinitions = programDefinitions;
        this.emailGate = emailGate;
        this.handoffs = handoffs;
        this.memberships = memberships;
        this.frequency = frequency;
        this.readiness = readiness;
        this.programs = programs;
        this.enrollments = enrollments;
        this.contacts = contacts;
        this.segments = segments;
        this.lifecycle = lifecycle;
        this.rules = rules;
        this.scores = scores;
        this.users = users;
        this.notes = notes;
        this.tags = tags;
        this.consents = consents;
        this.timeline = timeline;
    }

    @GetMapping("/ui/contacts")
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) Stage stage,
            @RequestParam(required = false) String owner, @RequestParam(required = false) String tag,
            @RequestParam(required = false) String rule, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String after, Model model) {
        Filter filter = new Filter(q, stage, owner == null ? null : owner.strip(), tag, rule);
        if (!blank(filter.owner()) && !filter.nobody() && !filter.owner().matches("\\d{1,18}")) {
            String must = "must be a user's id or \"" + Filter.NOBODY + "\"";
            throw new InvalidInputException("owner " + must + "; '" + filter.owner() + "' is neither.",
                    List.of(new InvalidInputException.FieldError("owner", must)));
        }
        model.addAttribute("filter", filter);
        model.addAttribute("stages", Stage.values());
        model.addAttribute("labels", rules.labels());
        model.addAttribute("owners", users.list().stream().filter(u -> u.role() == Role.SALES).toList());
        ContactSort sorted = ContactSort.DEFAULT;
        Page<Contact> page;
        try {
            sorted = ContactSort.parse(sort);
            page = page(filter, sorted, after);
        } catch (RuleSyntaxException e) {
            model.addAttribute("ruleError", RuleProblem.of(e, filter.rule()));
            page = new Page<>(List.of(), null);
        } catch (InvalidInputException e) {
            model.addAttribute("error", Problems.describe(e));
            page = new Page<>(List.of(), null);
        }
        model.addAttribute("rows", rows(page.items()));
        model.addAttribute("headers", headers(filter, sorted));
        model.addAttribute("sort", sorted.apiName().isEmpty() ? null : sorted.apiName());
        model.addAttribute("next", page.nextCursor() == null ? null
                : link("/ui/contacts", filter, Map.of("sort", sorted.apiName(), "after", page.nextCursor())));
        model.addAttribute("total", total(filter, model));
        model.addAttribute("exportQuery", exportQuery(filter));
        model.addAttribute("filtered", filter.any());
        return "contacts";
    }

    /** How many contacts the list holds in all, over its pages; null when its filter could not be read. */
    private Long total(Filter filter, Model model) {
        if (model.containsAttribute("ruleError") || model.containsAttribute("error")) {
            return null;
        }
        return filter.any() ? segments.preview(rule(filter)).count() : contacts.count();
    }

    /** The list's filter as the export link's query, so the download holds what the list shows. */
    private static String exportQuery(Filter filter) {
        return link("/ui/contacts/export", filter, Map.of());
    }

    /**
     * A column of the list's head; sortable ones link to the list sorted by them, the sorted one the other way.
     *
     * @param href the link, or null for a column the list cannot be sorted by
     * @param ariaSort "ascending" or "descending" on the column the list is sorted by, else null
     */
    record Header(String label, String href, String ariaSort) {}

    /** The list's head, each sortable column's link keeping the filters (the first page of the new order). */
    private static List<Header> headers(Filter filter, ContactSort sorted) {
        List<Header> headers = new ArrayList<>();
        for (Column column : COLUMNS) {
            ContactSort.Key key = column.key();
            if (key == null) {
                headers.add(new Header(column.label(), null, null));
                continue;
            }
            boolean current = sorted.key() == key;
            ContactSort next = current ? sorted.reversed() : new ContactSort(key, FIRST_DESCENDING.contains(key));
            headers.add(new Header(column.label(), link("/ui/contacts", filter, Map.of("sort", next.apiName())),
                    current ? (sorted.descending() ? "descending" : "ascending") : null));
        }
        return headers;
    }

    /** A column of the list and the key it sorts by (none for the stage, owner and tags). */
    private record Column(String label, ContactSort.Key key) {}

    private static final List<Column> COLUMNS = List.of(new Column("Name", ContactSort.Key.LAST_NAME),
            new Column("Email", ContactSort.Key.EMAIL), new Column("Company", ContactSort.Key.COMPANY),
            new Column("Stage", null), new Column("Score", ContactSort.Key.SCORE), new Column("Owner", null),
            new Column("Tags", null), new Column("Updated", ContactSort.Key.UPDATED_AT),
            new Column("Created", ContactSort.Key.CREATED_AT));

    /** The columns a first click sorts highest or newest first, as a marketer looks for the hottest and latest. */
    private static final java.util.Set<ContactSort.Key> FIRST_DESCENDING = java.util.EnumSet.of(ContactSort.Key.SCORE,
            ContactSort.Key.UPDATED_AT, ContactSort.Key.CREATED_AT);

    /** A link to the path with the list's filters and these further parameters (a blank one left out). */
    private static String link(String path, Filter filter, Map<String, String> more) {
        org.springframework.web.util.UriComponentsBuilder uri = org.springframework.web.util.UriComponentsBuilder
                .fromPath(path);
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
        params.put("q", filter.q());
        params.put("stage", filter.stage() == null ? null : filter.stage().name());
        params.put("owner", filter.owner());
        params.put("tag", filter.tag());
        params.put("rule", filter.rule());
        params.put("sort", more.get("sort"));
        params.put("after", more.get("after"));
        params.forEach((name, value) -> {
            if (!blank(value)) {
                uri.queryParam(name, value);
            }
        });
        return uri.encode().build().toUriString();
    }

    /** The contacts the list shows, with its filter, as CSV in the columns the importer reads back. */
    @GetMapping("/ui/contacts/export")
    void export(@RequestParam(required = false) String q, @RequestParam(required = false) Stage stage,
            @RequestParam(required = false) String owner, @RequestParam(required = false) String tag,
            @RequestParam(required = false) String rule, jakarta.servlet.http.HttpServletResponse response)
            throws java.io.IOException {
        Filter filter = new Filter(q, stage, owner == null ? null : owner.strip(), tag, rule);
        // Read before the download starts, so a filter that cannot be read is the page's error, not a broken file.
        Rule chosen = filter.any() ? rule(filter) : null;
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"contacts.csv\"");
        exports.writeCsv(response.getOutputStream(), chosen == null ? null : (after, limit) -> segments
                .matching(chosen, ContactSort.DEFAULT, after == 0 ? null : io.keepwarm.platform.Cursor.after(after),
                        limit).items());
    }

    /** The contact page; {@code before} shows the timeline from there back (its "older" link). */
    @GetMapping("/ui/contacts/{id}")
    String contact(@PathVariable long id, @RequestParam(required = false) Instant before, Model model) {
        Contact contact = contacts.get(id);
        Lifecycle.CurrentStage stage = lifecycle.currentAsRead(id);
        model.addAttribute("contact", contact);
        model.addAttribute("name", contact.name());
        model.addAttribute("details", details(contact));
        model.addAttribute("stage", stage);
        model.addAttribute("labels", rules.labels());
        // Another rep's contact is read and noted here, not changed: no form offers what would be refused.
        String notYours = repEdits.whyNot(id).orElse(null);
        model.addAttribute("notYours", notYours);
        model.addAttribute("moves", notYours != null ? List.of() : Transitions.allowedFrom(stage.stage(), ActorType.USER));
        model.addAttribute("rejectReasons", stage.stage() == Stage.MQL && notYours == null ? RejectChoice.ALL
                : List.of());
        model.addAttribute("score", scores.of(id));
        model.addAttribute("consents", consents.current(id));
        List<Consents.Entry> ledger = consents.ledger(id);
        // The statement each channel's state is from, for who recorded it: the source alone may be Keepwarm's code.
        Map<Channel, Consents.Entry> latest = new java.util.EnumMap<>(Channel.class);
        ledger.forEach(e -> latest.put(e.channel(), e));
        model.addAttribute("latestConsent", latest);
        model.addAttribute("consentVia", timeline.viaEmails(id, ledger));
        model.addAttribute("ledger", ledger.reversed());
        model.addAttribute("wrongNumber", tasks.wrongNumber(contact).orElse(null));
        // Their number is a tap to dial at the top of the page, as on My day, unless they may not be called.
        model.addAttribute("notCalled", tasks.whyNotCalled(id).orElse(null));
        // A complaint suppresses the address for good, whatever the consent says since: the page says why nothing goes.
        model.addAttribute("suppressed", contact.email() != null && !contacts.suppressed(List.of(contact.email())).isEmpty());
        model.addAttribute("owner", contact.ownerId() == null ? null
                : users.find(contact.ownerId()).map(u -> u.displayName() == null ? u.username() : u.displayName())
                        .orElse(null));
        model.addAttribute("timeline", timeline.of(contact, before, users.caller()));
        // A rep may not remove the contact's own choices from the preference centre, so no button offers it.
        model.addAttribute("keptTags", users.caller().role() != Role.SALES ? List.of()
                : contact.tags().stream().filter(Tags::isContactsChoice).toList());
        if (!model.containsAttribute("typed")) {
            model.addAttribute("typed", Map.of());
        }
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        if (!model.containsAttribute("answered")) {
            model.addAttribute("answered", Map.of());
        }
        model.addAttribute("frequency", frequency.find(id).orElse(null));
        model.addAttribute("channels", Channel.values());
        List<User> everyone = users.list();
        openHandoff(contact, everyone, model);
        model.addAttribute("handOff", notYours == null && stage.stage() != Stage.MQL
                && Transitions.allowedFrom(stage.stage(), ActorType.USER).contains(Stage.MQL));
        // Only an active program takes contacts; and a rep enrolls only their own (Enrollments refuses the others).
        model.addAttribute("programs", !users.caller().mayActFor(contact.ownerId()) ? List.of()
                : programs.list(PROGRAMS, false).stream().filter(p -> p.status() == ProgramStatus.ACTIVE).toList());
        model.addAttribute("memberships", memberships.of(id));
        model.addAttribute("nextCall", tasks.nextCall(id).map(t -> nextCall(t, contact)).orElse(null));
        openTasks(contact, everyone, model);
        model.addAttribute("mayTakeOut", users.caller().mayActFor(contact.ownerId()));
        model.addAttribute("seesSegments", users.caller().role() != Role.SALES);
        ContactCompliancePages.show(contact, users.caller().role(), model);
        return "contact";
    }

    @PostMapping("/ui/contacts/{id}/notes")
    String addNote(@PathVariable long id, @RequestParam(defaultValue = "") String body,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        return act(id, htmx, model, "note-form", Forms.typed("note", body), () -> {
            notes.add(id, body);
            return "Note added";
        }, field -> field.equals("body") ? "body" : null);
    }

    @PostMapping("/ui/contacts/{id}/tags")
    String addTag(@PathVariable long id, @RequestParam(defaultValue = "") String tag,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        return act(id, htmx, model, "tag-form", Forms.typed("tag", tag), () -> {
            tags.addByRequest(id, List.of(tag));
            return "Tag " + tag.strip() + " added";
        }, field -> field.startsWith("tag") ? "tag" : null);
    }

    @PostMapping("/ui/contacts/{id}/tags/remove")
    String removeTag(@PathVariable long id, @RequestParam(defaultValue = "") String tag,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        return act(id, htmx, model, "tags", Map.of(), () -> {
            tags.removeByRequest(id, tag);
            return "Tag " + tag + " removed";
        });
    }

    /** The contact's own rhythm ("at most 1 in 30 days"); the clear button sends {@code clear} instead. */
    @PostMapping("/ui/contacts/{id}/frequency")
    String setFrequency(@PathVariable long id, @RequestParam(required = false) Channel channel,
            @RequestParam(required = false) Integer maxTouches, @RequestParam(required = false) Integer windowDays,
            @RequestParam(required = false) String clear,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        return act(id, htmx, model, "frequency-form", Forms.typed("frequency.max", maxTouches, "frequency.days",
                windowDays, "frequency.channel", channel), () -> {
            if (clear != null) {
                frequency.clear(id);
                return "Frequency preference cleared: the account's caps alone apply";
            }
            frequency.set(id, new FrequencyPreferences.Change(channel, maxTouches, windowDays));
            return "Frequency preference saved";
        }, field -> switch (field) {
            case "maxTouches" -> "max";
            case "windowDays" -> "days";
            case "channel" -> "channel";
            default -> null;
        });
    }

    /** The expected-ready date ("ask me again in March"); the clear button sends {@code clear} instead. */
    @PostMapping("/ui/contacts/{id}/readiness")
    String setReadiness(@PathVariable long id, @RequestParam(required = false) LocalDate readyOn,
            @RequestParam(required = false) String reason, @RequestParam(required = false) String clear,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        return act(id, htmx, model, "readiness-form", Forms.typed("ready.on", readyOn, "ready.reason", reason), () -> {
            if (clear != null) {
                readiness.clearByRequest(id);
                return "Expected-ready date cleared";
            }
            // Said as the form asks it, with the day that bounds it on their clock, rather than the API's words.
            if (readyOn == null || !readiness.check(id, readyOn).isEmpty()) {
                throw new InvalidInputException("The date was not set: fix what is marked below, then press Set date"
                        + " again.", List.of(new InvalidInputException.FieldError("readyOn", readyOn == null
                                ? "Pick the day to ask them again." : when.askAgainRefused(readyOn,
                                        contacts.get(id).timeZone(), contacts.get(id).country()))));
            }
            readiness.setByRequest(id, readyOn, reason);
            return "Expected ready on " + When.dayOfWeek(readyOn);
        }, field -> switch (field) {
            case "readyOn" -> "on";
            case "reason" -> "reason";
            default -> null;
        });
    }

    /**
     * A stage move; out of MQL it decides the lead's hand-off, and a rejection takes its reason code from the list. A
     * refusal of what was typed is said at the form, each mistake beside its field: the page stays scrolled there.
     */
    @PostMapping("/ui/contacts/{id}/stage")
    String moveStage(@PathVariable long id, @RequestParam(required = false) Stage to,
            @RequestParam(required = false) String reasonCode, @RequestParam(required = false) String reason,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        return act(id, htmx, model, "stage-form", Forms.typed("stage.to", to, "stage.reasonCode", reasonCode,
                "stage.reason", reason),
                () -> {
                    Lifecycle.CurrentStage current = lifecycle.current(id);
                    checkMove(id, current.stage(), to, reasonCode, reason);
                    String from = current.label();
                    String now = lifecycle.moveByRequest(id, new Lifecycle.Move(to, reasonCode, reason),
                            ActorType.USER, Actors.current()).label();
                    return to == Stage.MQL ? "Handed off to sales: " + now + " now; the rep chosen for the lead gets an"
                            + " alert and a task" : "Stage changed from " + from + " to " + now;
                }, field -> switch (field) {
                    case "to", "reasonCode", "reason" -> field;
                    case "note" -> "reason"; // a rejection's note is the move's reason
                    default -> null;
                });
    }

    /**
     * What the stage form lacks for this move, all at once and said as the form asks it (its labels, the stages' and
     * reasons' names) before the API's rules say it their own way: a reason where the move needs one, and for a lead
     * out of MQL with an open hand-off a reject reason that fits where the lead goes ({@link RejectReason#fits}, the
     * rule the API asks), with a line in the reason field when that reject reason is "other".
     */
    private void checkMove(long id, Stage from, Stage to, String reasonCode, String reason) {
        if (to == null) {
            return;
        }
        Map<Stage, String> labels = rules.labels();
        boolean noReason = reason == null || reason.isBlank();
        boolean rejectsHandoff = from == Stage.MQL && to != Stage.MQL && to != Stage.SQL
                && !handoffs.list(HandoffState.OPEN, null, id, null, 1).items().isEmpty();
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        RejectReason code = rejectsHandoff ? RejectReason.of(reasonCode).orElse(null) : null;
        if (rejectsHandoff && code == null) {
            errors.add(new InvalidInputException.FieldError("reasonCode", "Pick a reject reason: moving the lead to "
                    + labels.get(to) + " rejects its hand-off"));
        } else if (code != null && !code.fits(to)) {
            String picked = "'" + RejectChoice.of(code).what() + "'";
            errors.add(new InvalidInputException.FieldError("reasonCode", code.disqualifies()
                    ? picked + " disqualifies the lead: move it to " + labels.get(Stage.DISQUALIFIED)
                            + ", or pick a reason that sends it back to nurture"
                    : picked + " sends the lead back to nurture: move it to " + labels.get(Stage.NURTURE)
                            + ", or pick " + RejectChoice.disqualifying() + " to disqualify it"));
        }
        if (noReason && code == RejectReason.OTHER) {
            errors.add(new InvalidInputException.FieldError("reason", "Say why the lead is not for sales: 'other' needs"
                    + " a line here"));
        } else if (noReason && Transitions.find(from, to).map(Transitions.Rule::reasonRequired).orElse(false)) {
            errors.add(new InvalidInputException.FieldError("reason", "Give a reason: a move from " + labels.get(from)
                    + " to " + labels.get(to) + " needs one"));
        } else if (noReason && to == Stage.DISQUALIFIED && !rejectsHandoff) {
            // The page's own rule, not the API's: one click on this form must not end every program and call of a
            // contact unexplained; an integration syncing a CRM's disqualifications may leave the reason out.
            errors.add(new InvalidInputException.FieldError("reason", "Give a reason: moving to " + labels.get(to)
                    + " takes the contact out of every program and ends their calls"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The stage was not changed: fix what is marked below, then press Change"
                    + " stage again.", errors);
        }
    }

    /**
     * The contact's open hand-off, its rep, and for those who may reassign it (ADMIN, MARKETER, the rep's manager)
     * the reps who can take it now: SALES, enabled, not away, not the rep who has it, and for a manager on their team;
     * with what the move does to the contact's owner.
     */
    private void openHandoff(Contact contact, List<User> everyone, Model model) {
        Handoff open = handoffs.list(HandoffState.OPEN, null, contact.id(), null, 1).items().stream().findFirst()
                .orElse(null);
        model.addAttribute("openHandoff", open);
        if (open == null) {
            return;
        }
        model.addAttribute("handoffRep", open.repId() == null ? null
                : users.find(open.repId()).map(User::shownName).orElseGet(() -> actorNames.goneUser(open.repId())));
        boolean may = handoffs.mayReassign(open);
        model.addAttribute("mayReassign", may);
        List<Long> within = handoffs.reassignableTo();
        model.addAttribute("takers", !may ? List.of() : everyone.stream()
                .filter(u -> u.role() == Role.SALES && u.enabled() && !u.away() && !Long.valueOf(u.id()).equals(open.repId()))
                .filter(u -> within == null || within.contains(u.id()))
                .toList());
        User owner = contact.ownerId() == null ? null
                : everyone.stream().filter(u -> u.id() == contact.ownerId()).findFirst().orElse(null);
        model.addAttribute("reassignSays", owner != null && owner.away() && owner.role() == Role.SALES && owner.enabled()
                ? owner.shownName() + ", the contact's owner, is away: the rep you choose holds the lead for them, and"
                        + " the contact stays " + owner.shownName() + "'s unless that rep accepts the lead."
                : "The contact goes with the lead: the rep you choose becomes its owner."
                        + (within == null ? "" : " You can give it to yourself or one of your reps."));
    }

    /** An open task as the contact page lists it, with whose it is and whether the viewer may take or give it. */
    record OpenTask(Task task, String assignee, boolean offered) {}

    /**
     * The contact's open tasks and whose each is: a task nobody has (a trigger's, for a contact without an owner) is
     * taken here by a rep, or given to one by marketing, where it would otherwise wait in no one's day; marketing also
     * gives a rep's task to another rep who is in, as the API's assign does. A hand-off's task goes with its hand-off,
     * reassigned above.
     */
    private void openTasks(Contact contact, List<User> everyone, Model model) {
        Map<Long, String> names = new java.util.HashMap<>();
        everyone.forEach(u -> names.put(u.id(), u.shownName()));
        boolean mayTake = tasks.mayTake(users.caller(), contact.ownerId());
        List<User> assignees = !users.caller().seesAll() ? List.of() : everyone.stream()
                .filter(u -> u.enabled() && !u.away() && u.role() == Role.SALES).toList();
        // A rep's task is given on only to another rep who is in: no form offers it when there is none.
        java.util.function.Predicate<Long> anotherRep = assignee -> assignees.stream().anyMatch(u -> u.id() != assignee);
        List<OpenTask> open = tasks.openOf(contact.id()).stream().map(t -> new OpenTask(t,
                t.assigneeId() == null ? null : names.computeIfAbsent(t.assigneeId(), actorNames::goneUser),
                t.kind() != TaskKind.HANDOFF && (t.assigneeId() == null ? mayTake : anotherRep.test(t.assigneeId()))))
                .toList();
        model.addAttribute("openTasks", open);
        // Two reps who each took a task of this (often unowned) contact would both call them unless told.
        List<String> holders = open.stream().map(OpenTask::assignee).filter(java.util.Objects::nonNull).distinct().toList();
        model.addAttribute("sharedTasks", holders.size() < 2 ? null : String.join(", ", holders.subList(0,
                holders.size() - 1)) + " and " + holders.getLast() + " each hold an open task on this contact: agree"
                + " who calls before either does.");
        model.addAttribute("assignees", assignees);
    }

    /** Takes a task nobody has for oneself, or (marketing) gives it, or a rep's task, to the rep chosen. */
    @PostMapping("/ui/contacts/{id}/tasks/assign")
    String assignTask(@PathVariable long id, @RequestParam long task, @RequestParam(required = false) Long assigneeId,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        return act(id, htmx, model, "open-tasks", Map.of(), () -> {
            if (tasks.get(task).contactId() != id) {
                throw InvalidInputException.field("task", "task " + task + " is not this contact's");
            }
            Task given = tasks.assign(task, assigneeId);
            return "Task '" + given.title() + "' is now " + users.find(given.assigneeId()).map(User::shownName)
                    .orElseGet(() -> actorNames.goneUser(given.assigneeId())) + "'s";
        });
    }

    /** Gives the contact's open hand-off to the rep chosen, or (none chosen) to the one rep choice picks. */
    @PostMapping("/ui/contacts/{id}/handoff/reassign")
    String reassignHandoff(@PathVariable long id, @RequestParam long handoff, @RequestParam(required = false) Long repId,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        return act(id, htmx, model, "reassign-form", Forms.typed("handoff.rep", repId), () -> {
            if (handoffs.get(handoff).contactId() != id) {
                throw InvalidInputException.field("handoff", "hand-off " + handoff + " is not this contact's");
            }
            Handoff moved = handoffs.reassign(handoff, repId);
            return "Hand-off reassigned to " + users.find(moved.repId()).map(User::shownName).orElse("another rep");
        }, field -> field.equals("repId") ? "rep" : null);
    }

    @PostMapping("/ui/contacts/{id}/enrollments")
    String enroll(@PathVariable long id, @RequestParam(required = false) Long program,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        return act(id, htmx, model, "enroll-form", Forms.typed("enroll.program", program), () -> {
            if (program == null) {
                throw InvalidInputException.field("program", "choose the program to enroll the contact in");
            }
            Enrollments.Enrolled enrolled = enrollments.enrollByRequest(program, List.of(id), Enrollment.Source.MANUAL);
            if (enrolled.enrolled() == 0) {
                return enrolled.alreadyIn() > 0 ? "Already enrolled in that program"
                        : "Not enrolled: the program does not take a contact twice";
            }
            // Said now, not found later as a suppressed touch in the outbox.
            return emailGate.withheld(programDefinitions.get(program), id)
                    .map(why -> "Enrolled, but no email will go out: " + why).orElse("Enrolled");
        }, field -> field.equals("program") ? "program" : null);
    }

    @PostMapping("/ui/contacts/{id}/enrollments/remove")
    String takeOut(@PathVariable long id, @RequestParam long program,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        return act(id, htmx, model, "in-programs", Map.of(), () -> enrollments.removeByRequest(program, List.of(id))
                .isEmpty()
                ? "Not taken out: the contact was no longer in that program" : "Taken out of the program");
    }

    /**
     * Runs a quick action and says its answer at the form that asked it ({@code place}, the form's id on the page), not
     * at the top of the page: after the swap the page is still scrolled there. htmx gets the contact page back at once
     * (it swaps the part it asked for), a plain form post a redirect to it; a refusal is shown on the page either way,
     * with what was typed (by the page's names for the fields) in place of the stored values, so it can be corrected
     * rather than typed again.
     */
    String act(long id, String htmx, Model model, String place, Map<String, String> typed, Supplier<String> action) {
        return act(id, htmx, model, place, typed, action, field -> null);
    }

    /**
     * As above; a refusal's message for a field the form has stands beside it as {@code errors[place.field]},
     * {@code fields} turning the API's name of a field into the form's (null: the form has no such field), and above
     * them {@code errors[place]}, which also says whatever has no field to stand beside; a success is
     * {@code answered[place]}.
     */
    String act(long id, String htmx, Model model, String place, Map<String, String> typed, Supplier<String> action,
            UnaryOperator<String> fields) {
        try {
            model.addAttribute("answered", Map.of(place, action.get()));
        } catch (InvalidInputException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            boolean placed = !e.errors().isEmpty()
                    && e.errors().stream().allMatch(f -> fields.apply(f.field()) != null);
            errors.put(place, placed ? Words.message(e.getMessage()) : Problems.describe(e));
            e.errors().stream().filter(f -> fields.apply(f.field()) != null).forEach(f -> errors.putIfAbsent(
                    place + "." + fields.apply(f.field()), Words.message(f.message())));
            model.addAttribute("errors", errors);
            model.addAttribute("typed", typed);
            return contact(id, null, model);
        } catch (ConflictException | ForbiddenException e) {
            model.addAttribute("errors", Map.of(place, Problems.describe(e)));
            model.addAttribute("typed", typed);
            return contact(id, null, model);
        }
        if (htmx != null) {
            return contact(id, null, model);
        }
        Forms.keepForRedirect("answered", model.getAttribute("answered"));
        return "redirect:/ui/contacts/" + id;
    }

    /**
     * A page of the list: without a filter the contact book's own list, with one the segment compiler's answer; both
     * page in the sort's order the one way {@link ContactSort} does.
     */
    private Page<Contact> page(Filter filter, ContactSort sort, String after) {
        if (!filter.any()) {
            return contacts.list(new ContactFilter(null, null, null, null, null, null, null), sort, after, PAGE);
        }
        Page<Long> ids = segments.matching(rule(filter), sort, after, PAGE);
        Map<Long, Contact> found = contacts.getAll(ids.items());
        return new Page<>(ids.items().stream().map(found::get).filter(c -> c != null).toList(), ids.nextCursor());
    }

    /** The filters as one segment rule: the list is the segment compiler's answer, like any segment's members. */
    private Rule rule(Filter filter) {
        List<Rule> all = new ArrayList<>();
        for (String word : ContactFilter.words(filter.q())) {
            // The word starts a word of a name or the company, the address or its domain, as the API's search.
            List<Rule> any = new ArrayList<>(List.of(startsWith("email", word), contains("email", "@" + word)));
            for (String field : List.of("first_name", "last_name", "company")) {
                any.addAll(List.of(startsWith(field, word), contains(field, " " + word), contains(field, "-" + word)));
            }
            all.add(new Rule.Any(any));
        }
        if (filter.stage() != null) {
            all.add(segments.parse("stage = " + filter.stage().name()));
        }
        if (filter.nobody()) {
            all.add(new Rule.Compare("owner", Operator.IS_EMPTY, List.of()));
        } else if (!blank(filter.owner())) {
            all.add(segments.parse("owner = " + filter.owner()));
        }
        if (!blank(filter.tag())) {
            all.add(new Rule.Compare("tag", Operator.EQ, List.of(new Rule.Literal.Text(filter.tag().strip()))));
        }
        if (!blank(filter.rule())) {
            // Checked on its own, so that a mistake of meaning is placed in the text typed, as a syntax error is:
            // within the filters joined, its path would name the joined rule.
            all.add(segments.checked(filter.rule()));
        }
        return all.size() == 1 ? all.getFirst() : new Rule.All(all);
    }

    private List<Row> rows(List<Contact> page) {
        List<Long> ids = page.stream().map(Contact::id).toList();
        Map<Long, Stage> stages = lifecycle.stagesOf(ids);
        Map<Long, Scores.Score> scored = scores.getAll(ids);
        Map<Long, String> owners = new java.util.HashMap<>();
        users.list().forEach(u -> owners.put(u.id(), u.displayName() == null ? u.username() : u.displayName()));
        return page.stream().map(c -> new Row(c, stages.get(c.id()), scored.getOrDefault(c.id(), new Scores.Score(0, null)),
                c.ownerId() == null ? null : owners.get(c.ownerId()))).toList();
    }

    private static Rule startsWith(String field, String value) {
        return new Rule.Compare(field, Operator.STARTS_WITH, List.of(new Rule.Literal.Text(value)));
    }

    private static Rule contains(String field, String value) {
        return new Rule.Compare(field, Operator.CONTAINS, List.of(new Rule.Literal.Text(value)));
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
