package io.keepwarm.ui;

import io.keepwarm.account.AccountSettings;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.Notifications;
import io.keepwarm.engine.PressureRules;
import io.keepwarm.engine.PressureSettings;
import io.keepwarm.handoff.HandoffSettings;
import io.keepwarm.handoff.Territories;
import io.keepwarm.handoff.Territory;
import io.keepwarm.contact.Contacts;
import io.keepwarm.identity.ApiKeys;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.LifecycleRules;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.Countries;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Regions;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin's settings of the account: API keys, the pressure policy with its quiet hours, the lifecycle's recycling
 * rules and stage names, the hand-off SLA and territories, and how mail leaves. Each form goes through the same module
 * API as the REST endpoints, so a change is checked and audited the same way; a refused form comes back as typed,
 * with each message beside its field.
 */
@Controller
class SettingsPages {

    /** One cap as typed; blank max and window together remove the row. */
    record CapRow(String channel, String max, String windowDays) {}

    /** A channel's allowed hours as typed; a channel that is not limited may be touched at any hour. */
    record HoursRow(Channel channel, boolean limited, String start, String end, Set<DayOfWeek> days) {}

    record PolicyForm(List<CapRow> caps, List<HoursRow> hours, String countries, boolean honourPreferredChannel) {}

    record LifecycleForm(String lostReturnDays, String dormantAfterMonths, Map<Stage, String> labels) {}

    record SlaForm(String slaHours, String onOverdue) {}

    record TerritoryForm(String region, String industry, String repId) {}

    /** A territory as listed, with its rep's name, and what it names that no contact has yet (a misspelling?). */
    record TerritoryRow(long id, String region, String industry, String rep, String unheld) {}

    /** How many regions, countries and industries the territory form suggests, the most held first. */
    private static final int SUGGESTED = 500;

    private static final int BLANK_CAP_ROWS = 2;
    private static final Pattern CAP_FIELD = Pattern.compile("caps\\[(\\d+)](.*)");
    /** The channels with quiet hours of their own: calls follow the account's calling hours (AccountSettingsPage). */
    private static final Set<Channel> QUIET_HOURS_CHANNELS = EnumSet.complementOf(EnumSet.of(Channel.PHONE));

    private final ApiKeys apiKeys;
    private final PressureRules pressure;
    private final LifecycleRules lifecycle;
    private final HandoffSettings handoffs;
    private final Territories territories;
    private final Users users;
    private final Notifications notifications;
    private final Contacts contacts;
    private final AccountSettings account;
    private final When when;
    private final ActorNames actorNames;

    SettingsPages(ApiKeys apiKeys, PressureRules pressure, LifecycleRules lifecycle, HandoffSettings handoffs,
            Territories territories, Users users, Notifications notifications, Contacts contacts, AccountSettings account,
            When when, ActorNames actorNames) {
        this.actorNames = actorNames;
        this.when = when;
        this.contacts = contacts;
        this.account = account;
        this.apiKeys = apiKeys;
        this.pressure = pressure;
        this.lifecycle = lifecycle;
        this.handoffs = handoffs;
        this.territories = territories;
        this.users = users;
        this.notifications = notifications;
    }

    /** The API keys, newest first, by name and their first characters; a key's secret is never shown again. */
    @GetMapping("/ui/settings")
    String settings(Model model) {
        model.addAttribute("section", "api-keys");
        model.addAttribute("roles", Role.values());
        List<ApiKeys.ApiKey> keys = apiKeys.list().reversed();
        model.addAttribute("keys", keys);
        // Who made each key, by the name people know them by (the key keeps the username it was made under).
        Map<String, String> makers = new java.util.HashMap<>();
        keys.forEach(k -> makers.computeIfAbsent(k.createdBy(), users::shown));
        model.addAttribute("makers", makers);
        return "settings";
    }

    /**
     * Creates an API key and shows it this once, for the tour's first API call: after a redirect, so that reloading
     * the page shows the list again rather than minting another live key.
     */
    @PostMapping("/ui/api-keys")
    String createApiKey(@RequestParam String name, @RequestParam Role role, RedirectAttributes redirect) {
        String nameError;
        try {
            redirect.addFlashAttribute("apiKey", apiKeys.create(name, role).key());
            return "redirect:/ui/settings";
        } catch (InvalidInputException refused) {
            nameError = refused.errors().isEmpty() ? refused.getMessage() : refused.errors().getFirst().message();
        } catch (ConflictException taken) {
            nameError = taken.getMessage();
        }
        // Both refusals are the name's: it is marked, with what was typed kept, to be changed rather than typed again.
        redirect.addFlashAttribute("apiKeyError", "The key was not created: see its name.");
        redirect.addFlashAttribute("apiKeyNameError", nameError);
        redirect.addFlashAttribute("apiKeyName", name);
        redirect.addFlashAttribute("apiKeyRole", role);
        return "redirect:/ui/settings";
    }

    /** Asks before revoking: integrations using the key stop working at once, and a revoked key never works again. */
    @GetMapping("/ui/settings/api-keys/{id}/revoke")
    String confirmRevoke(@PathVariable long id, Model model) {
        ApiKeys.ApiKey key = apiKeys.list().stream().filter(k -> k.id() == id).findFirst()
                .orElseThrow(() -> NotFoundException.of("API key", id));
        String question = "Revoke key '" + key.name() + "'?";
        if (key.revokedAt() != null) {
            return Confirmation.refuse(question, "It was revoked already, on " + when.saidDay(key.revokedAt())
                    + "; it no longer works.", "/ui/settings").page(model);
        }
        return Confirmation.ask(question, "Integrations using it stop working at once: every call with it is refused"
                + " from now on. A revoked key cannot be brought back; give them a new key.",
                "/ui/settings/api-keys/" + id + "/revoke", "Revoke '" + key.name() + "'", "/ui/settings").page(model);
    }

    @PostMapping("/ui/settings/api-keys/{id}/revoke")
    String revokeApiKey(@PathVariable long id, RedirectAttributes redirect) {
        apiKeys.revoke(id);
        redirect.addFlashAttribute("revoked", true);
        return "redirect:/ui/settings";
    }

    @GetMapping("/ui/settings/pressure")
    String pressure(Model model) {
        return pressure(policyForm(pressure.settings()), Map.of(), model);
    }

    @PostMapping("/ui/settings/pressure")
    String changePressure(@RequestParam MultiValueMap<String, String> params, Model model,
            RedirectAttributes redirect) {
        if (!params.containsKey("capMax")) {
            // every form sends its cap rows (blank ones too); without them this is not the form, and saving would
            // wipe every cap
            throw InvalidInputException.field("caps", "were not sent; reload the settings page and save again");
        }
        PolicyForm form = policyForm(params);
        Map<String, String> errors = new LinkedHashMap<>();
        List<Integer> rowOfCap = new ArrayList<>();
        List<PressureRules.CapChange> caps = new ArrayList<>();
        for (int i = 0; i < form.caps().size(); i++) {
            CapRow row = form.caps().get(i);
            if (row.max().isBlank() && row.windowDays().isBlank()) {
                continue;
            }
            rowOfCap.add(i);
            caps.add(new PressureRules.CapChange(channel(row.channel(), "caps[" + i + "].channel", errors),
                    number(row.max(), "caps[" + i + "].max", errors),
                    number(row.windowDays(), "caps[" + i + "].windowDays", errors)));
        }
        Map<Channel, PressureRules.HoursChange> hours = new EnumMap<>(Channel.class);
        for (HoursRow row : form.hours()) {
            if (row.limited()) {
                String at = "hours." + row.channel();
                if (row.days().isEmpty()) {
                    // The module's message names the API's day codes; here the days are boxes to tick.
                    errors.put(at + ".days", "tick at least one day on which it may go");
                }
                hours.put(row.channel(), new PressureRules.HoursChange(number(row.start(), at + ".start", errors),
                        number(row.end(), at + ".end", errors), row.days()));
            }
        }
        List<String> countries = countries(form.countries());
        PressureRules.Change change = new PressureRules.Change(caps, hours, countries, form.honourPreferredChannel());
        try {
            if (errors.isEmpty()) {
                pressure.change(change);
                redirect.addFlashAttribute("saved", true);
                return "redirect:/ui/settings/pressure";
            }
            // Some fields could not be read: still mark every other field that breaks a limit.
            pressure.check(change);
        } catch (InvalidInputException e) {
            FormErrors.of(e, field -> {
                Matcher cap = CAP_FIELD.matcher(field);
                if (cap.matches() && Integer.parseInt(cap.group(1)) < rowOfCap.size()) {
                    return "caps[" + rowOfCap.get(Integer.parseInt(cap.group(1))) + "]" + cap.group(2);
                }
                return field.startsWith("optOutCountries") ? "countries" : field;
            }).forEach(errors::putIfAbsent);
        }
        return pressure(form, errors, model);
    }

    private String pressure(PolicyForm form, Map<String, String> errors, Model model) {
        model.addAttribute("section", "pressure");
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("channels", Channel.values());
        model.addAttribute("days", DayOfWeek.values());
        model.addAttribute("callingHours", account.current().callingHours());
        return "settings-pressure";
    }

    @GetMapping("/ui/settings/lifecycle")
    String lifecycle(Model model) {
        LifecycleRules.Recycling recycling = lifecycle.recycling();
        return lifecycle(new LifecycleForm(String.valueOf(recycling.lostReturnDays()),
                String.valueOf(recycling.dormantAfterMonths()), lifecycle.labels()), Map.of(), model);
    }

    @PostMapping("/ui/settings/lifecycle")
    String changeLifecycle(@RequestParam MultiValueMap<String, String> params, Model model,
            RedirectAttributes redirect) {
        Map<Stage, String> labels = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            labels.put(stage, first(params, "label." + stage));
        }
        LifecycleForm form = new LifecycleForm(first(params, "lostReturnDays"), first(params, "dormantAfterMonths"), labels);
        Map<String, String> errors = new LinkedHashMap<>();
        Integer lostReturnDays = number(form.lostReturnDays(), "lostReturnDays", errors);
        Integer dormantAfterMonths = number(form.dormantAfterMonths(), "dormantAfterMonths", errors);
        if (errors.isEmpty()) {
            Map<Stage, String> current = lifecycle.labels();
            // only the names that changed, so the audit entry says what the admin did
            Map<Stage, String> changed = labels.entrySet().stream()
                    .filter(e -> !e.getValue().strip().equals(current.get(e.getKey())))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
                            () -> new EnumMap<>(Stage.class)));
            try {
                lifecycle.change(new LifecycleRules.Change(lostReturnDays, dormantAfterMonths, changed));
                redirect.addFlashAttribute("saved", true);
                return "redirect:/ui/settings/lifecycle";
            } catch (InvalidInputException e) {
                errors.putAll(FormErrors.of(e));
            }
        }
        return lifecycle(form, errors, model);
    }

    private String lifecycle(LifecycleForm form, Map<String, String> errors, Model model) {
        model.addAttribute("section", "lifecycle");
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("rules", lifecycle.view());
        model.addAttribute("stages", Stage.values());
        return "settings-lifecycle";
    }

    @GetMapping("/ui/settings/handoffs")
    String handoffs(Model model) {
        HandoffSettings.Sla sla = handoffs.current();
        return handoffs(new SlaForm(String.valueOf(sla.slaHours()), sla.onOverdue().name()),
                new TerritoryForm("", "", ""), Map.of(), model);
    }

    @PostMapping("/ui/settings/handoffs")
    String changeHandoffs(@RequestParam(defaultValue = "") String slaHours, @RequestParam(defaultValue = "") String onOverdue,
            Model model, RedirectAttributes redirect) {
        SlaForm form = new SlaForm(slaHours, onOverdue);
        Map<String, String> errors = new LinkedHashMap<>();
        Integer hours = number(slaHours, "slaHours", errors);
        HandoffSettings.OnOverdue overdue = null;
        try {
            overdue = HandoffSettings.OnOverdue.valueOf(onOverdue);
        } catch (IllegalArgumentException e) {
            errors.put("onOverdue", "must be 'Alert the rep's manager' or 'Give it to another rep'");
        }
        if (errors.isEmpty()) {
            try {
                handoffs.change(new HandoffSettings.Change(hours, overdue));
                redirect.addFlashAttribute("saved", true);
                return "redirect:/ui/settings/handoffs";
            } catch (InvalidInputException e) {
                errors.putAll(FormErrors.of(e));
            }
        }
        return handoffs(form, new TerritoryForm("", "", ""), errors, model);
    }

    @PostMapping("/ui/settings/territories")
    String addTerritory(@RequestParam(defaultValue = "") String region, @RequestParam(defaultValue = "") String industry,
            @RequestParam(defaultValue = "") String repId, Model model, RedirectAttributes redirect) {
        TerritoryForm form = new TerritoryForm(region, industry, repId);
        Map<String, String> errors = new LinkedHashMap<>();
        Integer rep = number(repId, "repId", errors);
        if (errors.containsKey("repId")) {
            // the select sends a rep's id: anything else was not picked from it
            errors.put("repId", "Choose one of the reps listed.");
        }
        if (errors.isEmpty()) {
            try {
                Territories.NewTerritory typed = new Territories.NewTerritory(region, industry,
                        rep == null ? null : rep.longValue());
                Territory added = territories.add(typed);
                Territories.Reach reach = territories.reach(List.of(added)).get(added.id());
                redirect.addFlashAttribute("territoryWarnings", territories.warnings(typed, added));
                String fits = territoryFits(region.strip(), industry.strip(), reach);
                if (fits != null) {
                    redirect.addFlashAttribute("territoryFits", fits);
                }
                redirect.addFlashAttribute("territoryAdded", true);
                return "redirect:/ui/settings/handoffs";
            } catch (InvalidInputException e) {
                e.errors().forEach(f -> errors.putIfAbsent(f.field(), territoryError(f)));
                if (errors.isEmpty()) {
                    errors.put("", Words.message(e.getMessage()));
                }
            }
        }
        HandoffSettings.Sla sla = handoffs.current();
        return handoffs(new SlaForm(String.valueOf(sla.slaHours()), sla.onOverdue().name()), form, errors, model);
    }

    /** Asks before removing a territory rule, naming whose leads it sent where. */
    @GetMapping("/ui/settings/territories/{id}/remove")
    String confirmRemoveTerritory(@PathVariable long id, Model model) {
        var territory = territories.list().stream().filter(t -> t.id() == id).findFirst()
                .orElseThrow(() -> NotFoundException.of("Territory", id));
        String rep = users.find(territory.repId()).map(User::shownName)
                .orElseGet(() -> actorNames.goneUser(territory.repId()));
        String covers = territory.covers();
        return Confirmation.ask("Remove the territory of " + covers + "?", "New leads there stop going to " + rep
                + " by this rule: they go to the rep of another territory that fits them, else round the reps in turn."
                + " The leads " + rep + " holds now stay with them.", "/ui/settings/territories/" + id + "/remove",
                "Remove the territory", "/ui/settings/handoffs").page(model);
    }

    /**
     * A territory form's refusal as a whole sentence in the form's words, for beside its field: the module's message
     * goes on from the API's field name ("or industry is required: …"), which the form does not show.
     */
    private static String territoryError(InvalidInputException.FieldError error) {
        String message = error.message();
        return switch (error.field()) {
            case "region" -> message.startsWith("or industry is required")
                    ? "Type a region or country, or an industry below: a rule that fits everyone is the round-robin's"
                            + " job, not a territory's."
                    : "Keep the region or country to " + Territories.MAX_TEXT + " characters at most.";
            case "industry" -> "Keep the industry to " + Territories.MAX_TEXT + " characters at most.";
            case "repId" -> message.startsWith("is required") ? "Choose the rep who covers the territory."
                    : "Choose one of the reps listed: that user is not a sales rep (any more).";
            default -> Words.field(error.field()) + " " + Words.message(message);
        };
    }

    @PostMapping("/ui/settings/territories/{id}/remove")
    String removeTerritory(@PathVariable long id, RedirectAttributes redirect) {
        territories.remove(id);
        redirect.addFlashAttribute("removed", true);
        return "redirect:/ui/settings/handoffs";
    }

    private String handoffs(SlaForm sla, TerritoryForm territory, Map<String, String> errors, Model model) {
        Map<Long, String> names = users.list().stream()
                .collect(Collectors.toMap(User::id, User::shownName, (a, b) -> a));
        model.addAttribute("section", "handoffs");
        model.addAttribute("form", sla);
        model.addAttribute("territory", territory);
        model.addAttribute("errors", errors);
        model.addAttribute("zone", handoffs.current().zone());
        model.addAttribute("onOverdue", HandoffSettings.OnOverdue.values());
        model.addAttribute("places", places());
        model.addAttribute("industries", contacts.industries(SUGGESTED));
        List<Territory> rules = territories.list();
        Map<Long, Territories.Reach> reach = territories.reach(rules);
        model.addAttribute("territories", rules.stream().map(t -> new TerritoryRow(t.id(), t.place(), t.industry(),
                names.computeIfAbsent(t.repId(), actorNames::goneUser), unheld(t, reach.get(t.id())))).toList());
        model.addAttribute("reps", users.list().stream().filter(u -> u.role() == Role.SALES && u.enabled()).toList());
        return "settings-handoffs";
    }

    /**
     * The regions and countries the contacts hold, the most held first, as a territory would name them: a state by its
     * name in its country ("California", where the contacts wrote "CA": a territory's "CA" is Canada), a country by
     * its code.
     */
    private List<Contacts.Held> places() {
        Map<String, Long> held = new java.util.HashMap<>();
        // "Winston-Salem" and "winston salem" are one suggestion, as territories match them alike: the first one seen
        Map<String, String> shown = new java.util.HashMap<>();
        for (Contacts.Whereabouts where : contacts.whereabouts()) {
            String region = Regions.named(where.region(), where.country());
            if (region != null && !region.isEmpty()) {
                held.merge(shown.computeIfAbsent(Regions.key(null, region), k -> region), where.contacts(), Long::sum);
            }
            if (where.country() != null && !where.country().isBlank()) {
                held.merge(Territory.place(where.country().strip()), where.contacts(), Long::sum);
            }
        }
        return held.entrySet().stream().map(e -> new Contacts.Held(e.getKey(), e.getValue()))
                .sorted(java.util.Comparator.comparingLong(Contacts.Held::contacts).reversed()
                        .thenComparing(Contacts.Held::value))
                .limit(SUGGESTED).toList();
    }

    /** "no contact has the region or country 'bavria' yet": a misspelt rule never fits anyone. Null when it fits some. */
    /**
     * The opt-out countries as typed: separated by commas ("United States, Canada"), or by spaces when each word is a
     * country of its own ("us ca", as the field was once filled in).
     */
    static List<String> countries(String typed) {
        List<String> countries = new ArrayList<>();
        for (String part : typed.split("[,;]")) {
            List<String> words = List.of(part.strip().split("\\s+"));
            if (Countries.iso2(part) == null && words.size() > 1 && words.stream().allMatch(w -> Countries.iso2(w) != null)) {
                countries.addAll(words);
            } else if (!part.isBlank()) {
                countries.add(part.strip());
            }
        }
        return countries;
    }

    private static String unheld(Territory rule, Territories.Reach reach) {
        return rule.region() != null && reach.byRegion() == 0 ? "no contact has the region or country '" + rule.place() + "' yet"
                : rule.industry() != null && reach.byIndustry() == 0 ? "no contact has the industry '" + rule.industry() + "' yet"
                : null;
    }

    /** On saving a territory, how many of today's contacts it fits, and each of its fields when it names two. */
    private static String territoryFits(String region, String industry, Territories.Reach reach) {
        boolean both = !region.isEmpty() && !industry.isEmpty();
        if (!region.isEmpty() && reach.byRegion() == 0 || !industry.isEmpty() && reach.byIndustry() == 0) {
            return !both || reach.byRegion() == 0 && reach.byIndustry() == 0 ? null
                    : reach.byRegion() == 0 ? "Its industry '" + industry + "' alone fits " + contacts(reach.byIndustry()) + "."
                    : "Its region '" + region + "' alone fits " + contacts(reach.byRegion()) + ".";
        }
        if (both && reach.contacts() == 0) {
            return "No contact has both region '" + region + "' and industry '" + industry + "' today ("
                    + contacts(reach.byRegion()) + " by region, " + contacts(reach.byIndustry()) + " by industry).";
        }
        return "It fits " + contacts(reach.contacts()) + " today" + (both ? " (" + contacts(reach.byRegion())
                + " by region, " + contacts(reach.byIndustry()) + " by industry)." : ".");
    }

    private static String contacts(long count) {
        return count == 1 ? "1 contact" : count + " contacts";
    }


    @GetMapping("/ui/settings/mail")
    String mail(Model model) {
        model.addAttribute("section", "mail");
        model.addAttribute("transport", notifications.transport());
        model.addAttribute("pause", notifications.pause().orElse(null));
        model.addAttribute("replies", notifications.replies().orElse(null));
        model.addAttribute("me", users.current().map(User::email).orElse(null));
        return "settings-mail";
    }

    /**
     * Sends a short message to the signed-in admin over the configured server: proof that mail gets out. Sent, it says
     * so on the page after a redirect, so that reloading the page does not send another.
     */
    @PostMapping("/ui/settings/mail/test")
    String testMail(Model model, RedirectAttributes redirect) {
        String to = users.current().map(User::email).orElse(null);
        if (!notifications.enabled()) {
            model.addAttribute("testError", "No SMTP server is configured (spring.mail.host), so there is nothing to send with;"
                    + " messages stay in the outbox.");
        } else if (to == null) {
            model.addAttribute("testError", "Your user has no email address; give it one under Users, then send again.");
        } else {
            try {
                notifications.mail(to, "Keepwarm test message", "This message shows that Keepwarm can send mail"
                        + " through its SMTP server.");
                redirect.addFlashAttribute("testSent", to);
                return "redirect:/ui/settings/mail";
            } catch (MailException e) {
                model.addAttribute("testError", "The server did not take the message: " + e.getMessage());
            }
        }
        return mail(model);
    }

    private static PolicyForm policyForm(PressureSettings settings) {
        List<CapRow> caps = new ArrayList<>(settings.caps().stream().map(c -> new CapRow(
                c.channel() == null ? "" : c.channel().name(), String.valueOf(c.max()), String.valueOf(c.windowDays())))
                .toList());
        for (int i = 0; i < BLANK_CAP_ROWS; i++) {
            caps.add(new CapRow("", "", ""));
        }
        List<HoursRow> hours = new ArrayList<>();
        for (Channel channel : QUIET_HOURS_CHANNELS) {
            PressureSettings.Hours window = settings.hours().get(channel);
            hours.add(window == null ? new HoursRow(channel, false, "", "", Set.of())
                    : new HoursRow(channel, true, String.valueOf(window.start()), String.valueOf(window.end()), window.days()));
        }
        return new PolicyForm(caps, hours, String.join(", ", settings.optOutCountries()), settings.honourPreferredChannel());
    }

    private static PolicyForm policyForm(MultiValueMap<String, String> params) {
        List<String> channels = params.getOrDefault("capChannel", List.of());
        List<String> maxes = params.getOrDefault("capMax", List.of());
        List<String> windows = params.getOrDefault("capWindow", List.of());
        List<CapRow> caps = new ArrayList<>();
        for (int i = 0; i < Math.max(maxes.size(), windows.size()); i++) {
            caps.add(new CapRow(at(channels, i), at(maxes, i), at(windows, i)));
        }
        List<HoursRow> hours = new ArrayList<>();
        for (Channel channel : QUIET_HOURS_CHANNELS) {
            String at = "hours." + channel;
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            for (String day : params.getOrDefault(at + ".days", List.of())) {
                try {
                    days.add(DayOfWeek.valueOf(day));
                } catch (IllegalArgumentException e) {
                    // not a day a checkbox sends: left out, and "at least one day" speaks if none is left
                }
            }
            hours.add(new HoursRow(channel, params.containsKey(at + ".limited"), first(params, at + ".start"),
                    first(params, at + ".end"), days));
        }
        return new PolicyForm(caps, hours, first(params, "countries"), params.containsKey("honourPreferredChannel"));
    }

    private static Channel channel(String value, String field, Map<String, String> errors) {
        if (value.isBlank()) {
            return null;
        }
        try {
            return Channel.valueOf(value);
        } catch (IllegalArgumentException e) {
            errors.put(field, "must be EMAIL, PHONE, SMS or every channel");
            return null;
        }
    }

    /** A whole number as typed, or null with a message for the field (blank stays null, the module says if it is required). */
    static Integer number(String value, String field, Map<String, String> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            errors.put(field, "must be a whole number, such as 3, not '" + value.strip() + "'");
            return null;
        }
    }

    static String first(MultiValueMap<String, String> params, String name) {
        String value = params.getFirst(name);
        return value == null ? "" : value;
    }

    private static String at(List<String> values, int i) {
        return i < values.size() && values.get(i) != null ? values.get(i) : "";
    }
}
