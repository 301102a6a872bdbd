package io.keepwarm.ui;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.LifecycleRules;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Segments;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/** The admin's people pages: users with their roles (create, change role, disable) and the audit log of every change. */
@Controller
class UserPages {

    /** A new user as typed; the password is never sent back to the page. */
    record NewUserForm(String username, String displayName, String email, String role) {}

    private static final int AUDIT_PAGE = 50;

    /** What a user's row has a field for, so a mistake in one is said beside it. */
    private static final Set<String> ROW_FIELDS = Set.of("displayName", "email", "password", "role", "away", "weight",
            "managerId");

    private final Users users;
    private final AuditLog audit;
    private final When when;
    private final LifecycleRules rules;
    private final ActorNames actorNames;
    private final EntityNames entityNames;
    private final Segments segments;
    private final JsonMapper json;

    UserPages(Users users, AuditLog audit, When when, LifecycleRules rules, ActorNames actorNames,
            EntityNames entityNames, Segments segments, JsonMapper json) {
        this.entityNames = entityNames;
        this.segments = segments;
        this.json = json;
        this.rules = rules;
        this.actorNames = actorNames;
        this.users = users;
        this.audit = audit;
        this.when = when;
    }

    @GetMapping("/ui/settings/users")
    String users(Model model) {
        return users(new NewUserForm("", "", "", Role.MARKETER.name()), Map.of(), model);
    }

    @PostMapping("/ui/settings/users")
    String create(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String displayName,
            @RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String role,
            @RequestParam(defaultValue = "") String password, Model model, RedirectAttributes redirect) {
        NewUserForm form = new NewUserForm(username.strip(), displayName.strip(), email.strip(), role);
        Map<String, String> errors = new LinkedHashMap<>();
        Role chosen = role(role, errors);
        // Created even with a role we cannot read, which it refuses, so that the form names every mistake at once.
        try {
            users.create(new Users.NewUser(form.username(), form.displayName(),
                    form.email().isEmpty() ? null : form.email(), chosen, password));
            redirect.addFlashAttribute("created", form.username());
            return "redirect:/ui/settings/users";
        } catch (InvalidInputException e) {
            FormErrors.of(e).forEach(errors::putIfAbsent);
        } catch (ConflictException e) {
            errors.put("username", e.getMessage());
        }
        return users(form, errors, model);
    }

    /**
     * Changes a user's name and email (blank keeps them), password (blank keeps it: the admin's reset when a person
     * forgot theirs), role and whether they may sign in, and a sales rep's away, weight and manager (sent only from a
     * rep's row, which says so with {@code rep}); a disabled user, or one given a new password, is signed out at once.
     * Switching off "May sign in" is {@code confirmed} on a page of its own first: their tasks go to others at once.
     */
    @PostMapping("/ui/settings/users/{id}")
    String change(@PathVariable long id, @RequestParam(defaultValue = "") String displayName,
            @RequestParam(defaultValue = "") String password, @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String role, @RequestParam(defaultValue = "false") boolean enabled,
            @RequestParam(defaultValue = "false") boolean rep, @RequestParam(defaultValue = "false") boolean away,
            @RequestParam(defaultValue = "") String weight, @RequestParam(defaultValue = "") String managerId,
            @RequestParam(defaultValue = "false") boolean confirmed, Model model, RedirectAttributes redirect) {
        Map<String, String> errors = new LinkedHashMap<>();
        Role chosen = role(role, errors);
        Integer newWeight = rep ? number(weight, "weight", "a whole number from 0 to 100, such as 1", errors) : null;
        Integer manager = rep ? number(managerId, "managerId", "one of the listed users, or none", errors) : null;
        Optional<User> leaving = enabled || confirmed || !errors.isEmpty() ? Optional.empty() : leaving(id);
        if (leaving.isPresent()) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("displayName", displayName);
            row.put("email", email);
            row.put("password", password);
            row.put("role", role);
            if (rep) {
                row.putAll(Map.of("rep", "true", "away", String.valueOf(away), "weight", weight, "managerId", managerId));
            }
            row.put("confirmed", "true");
            return askDisable(leaving.get()).posting(row).page(model);
        }
        if (errors.isEmpty()) {
            try {
                users.change(id, new Users.UserChange(displayName.isBlank() ? null : displayName.strip(),
                        email.isBlank() ? null : email.strip(), chosen, enabled, password.isEmpty() ? null : password,
                        rep ? away : null, newWeight, manager == null ? null : manager.longValue()));
                redirect.addFlashAttribute("changed", true);
                redirect.addFlashAttribute("newPassword", !password.isEmpty());
                return "redirect:/ui/settings/users";
            } catch (InvalidInputException e) {
                errors.putAll(FormErrors.of(e));
            } catch (ConflictException | ForbiddenException e) {
                errors.put("", Problems.describe(e));
            }
        }
        // the row comes back as the admin left it, each message beside its field and what concerns no field beside Save
        Map<String, String> atFields = new LinkedHashMap<>(errors);
        atFields.keySet().retainAll(ROW_FIELDS);
        errors.keySet().removeAll(ROW_FIELDS);
        model.addAttribute("rowErrors", atFields);
        model.addAttribute("rowError", "Not saved: " + (errors.isEmpty() ? "see the marked fields."
                : String.join("; ", errors.values())));
        model.addAttribute("rowId", id);
        model.addAttribute("rowName", displayName);
        model.addAttribute("rowEmail", email);
        model.addAttribute("rowRole", role);
        model.addAttribute("rowEnabled", enabled);
        model.addAttribute("rowAway", away);
        model.addAttribute("rowWeight", weight);
        model.addAttribute("rowManager", managerId);
        return users(new NewUserForm("", "", "", Role.MARKETER.name()), Map.of(), model);
    }

    /**
     * The user whose "May sign in" is being switched off, to be asked about first: one who may sign in now, and not
     * the admin themselves (whom the change refuses, saying why).
     */
    private Optional<User> leaving(long id) {
        User caller = users.caller().user();
        return users.find(id).filter(User::enabled).filter(u -> caller == null || caller.id() != u.id());
    }

    /** What switching off "May sign in" does at once, which switching it on again does not give back. */
    private static Confirmation askDisable(User user) {
        String name = user.shownName();
        return Confirmation.ask("Stop " + name + " (" + user.username() + ") from signing in?", name + " is signed out"
                        + " at once and can no longer sign in. Their open tasks go at once to their contacts' owners,"
                        + " or to nobody for anyone to take" + (user.role() == Role.SALES
                        ? ", and the leads waiting for their decision to other reps" : "") + "; switching \"May sign"
                        + " in\" on again does not give the tasks back.",
                "/ui/settings/users/" + user.id(), "Stop " + name + " signing in", "/ui/settings/users");
    }

    private static Integer number(String typed, String field, String expected, Map<String, String> errors) {
        try {
            return Integer.valueOf(typed.strip());
        } catch (NumberFormatException e) {
            errors.put(field, field + " must be " + expected + ", not '" + typed + "'");
            return null;
        }
    }

    private String users(NewUserForm form, Map<String, String> errors, Model model) {
        model.addAttribute("section", "users");
        List<User> all = users.list();
        model.addAttribute("users", all);
        // Loops saved before a change that closes one was refused: shown so an admin breaks them, as nothing else will
        // (a row of the loop saves with its manager as it is).
        Map<Long, String> loops = new LinkedHashMap<>();
        all.forEach(u -> users.managerLoop(u).ifPresent(loop -> loops.put(u.id(), loop)));
        model.addAttribute("managerLoops", loops);
        model.addAttribute("roles", Role.values());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "settings-users";
    }

    /** A kind of entity or an action the audit page offers: its code, and its name in words. */
    record Choice(String code, String words) {}

    /**
     * The audit log, newest first, a page at a time: by who acted, as the page names them (see
     * {@link ActorNames#actorsNamed}), entity type, action, and the days from and to (both included) on the viewer's
     * clock. A day mistyped, or a "from" after "to", is said beside its field, and the list is empty. {@code entry}
     * shows one entry alone, naming every contact its list cut short ("and 12 more" links here).
     */
    @GetMapping("/ui/settings/audit")
    String audit(@RequestParam(defaultValue = "") String entityType, @RequestParam(defaultValue = "") String actor,
            @RequestParam(defaultValue = "") String action, @RequestParam(defaultValue = "") String from,
            @RequestParam(defaultValue = "") String to, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Long entry, Model model) {
        model.addAttribute("section", "audit");
        String type = entityType.strip().toLowerCase(Locale.ROOT);
        model.addAttribute("entityType", type);
        model.addAttribute("actor", actor);
        model.addAttribute("action", action);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("entityTypes", audit.entityTypes().stream().map(t -> new Choice(t, Words.logged(t))).toList());
        model.addAttribute("actions", audit.actions().stream().map(a -> new Choice(a, Words.logged(a))).toList());
        model.addAttribute("people", users.list().stream().map(User::shownName).distinct().sorted().toList());
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<LocalDate> first = day(from, "from", errors);
        Optional<LocalDate> last = day(to, "to", errors);
        // a date field cannot hold what is no date: such a field is a text field, so what was typed stays in sight
        model.addAttribute("mistyped", Set.copyOf(errors.keySet()));
        if (first.isPresent() && last.isPresent() && last.get().isBefore(first.get())) {
            errors.put("from", "From is after To: " + first.get() + " is later than " + last.get()
                    + ", so no day lies between them; swap them, or clear one");
        }
        model.addAttribute("errors", errors);
        if (entry != null) {
            AuditLog.Entry one = audit.entry(entry).orElseThrow(() -> NotFoundException.of("Audit entry", entry));
            model.addAttribute("entry", one.id());
            model.addAttribute("rows", List.of(AuditRows.one(one, users, actorNames, entityNames, when, rules.labels(),
                    this::ruleText)));
            return "settings-audit";
        }
        if (!errors.isEmpty()) {
            model.addAttribute("rows", List.of());
            return "settings-audit";
        }
        var filter = new AuditLog.Filter(Forms.blankToNull(type), null,
                actor.isBlank() ? null : actorNames.actorsNamed(actor), Forms.blankToNull(action.strip()),
                first.map(when::startOf).orElse(null), last.map(day -> when.startOf(day.plusDays(1))).orElse(null));
        var page = audit.list(filter, cursor, AUDIT_PAGE);
        model.addAttribute("rows", AuditRows.of(page.items(), users, actorNames, entityNames, when, rules.labels(),
                this::ruleText));
        model.addAttribute("nextCursor", page.nextCursor());
        return "settings-audit";
    }

    /**
     * A day as a date field sends it ("2026-12-01"); blank for none; anything else (typed into the address) is said
     * beside the field, with today as the example.
     */
    private Optional<LocalDate> day(String typed, String field, Map<String, String> errors) {
        if (typed.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(typed.strip()));
        } catch (DateTimeParseException e) {
            errors.put(field, "'" + typed + "' is not a date: write it as " + when.today() + " (year-month-day)");
            return Optional.empty();
        }
    }

    /** A segment's rule, recorded in its JSON form, as the segment pages write it; one no longer read, as recorded. */
    private String ruleText(String ruleJson) {
        try {
            return segments.print(json.readValue(ruleJson, Rule.class));
        } catch (RuntimeException unreadable) {
            return ruleJson;
        }
    }

    private static Role role(String role, Map<String, String> errors) {
        try {
            return Role.valueOf(role);
        } catch (IllegalArgumentException e) {
            errors.put("role", "must be ADMIN, MARKETER or SALES");
            return null;
        }
    }
}
