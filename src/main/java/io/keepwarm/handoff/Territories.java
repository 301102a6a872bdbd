package io.keepwarm.handoff;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Contacts;
import io.keepwarm.handoff.internal.TerritoryStore;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.Countries;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Regions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Territory rules: which rep gets the new leads of a region and/or industry when the contact has no rep of its own. */
@Service
public class Territories {

    /** A rule to add: a region (or country) and/or an industry, and the SALES user who covers it. */
    public record NewTerritory(String region, String industry, Long repId) {}

    /**
     * How many of today's contacts a rule fits, as rep choice matches them ({@link Territory#fits}): by its region
     * alone, by its industry alone (0 for a field the rule leaves out), and by the whole rule.
     */
    public record Reach(long byRegion, long byIndustry, long contacts) {}

    /**
     * Another rule that fits some of the same contacts as a rule: which of them gets those leads is {@link
     * Territory#specificity}'s to say, and between rules naming as many fields their reps take turns.
     *
     * @param contacts how many of today's contacts both rules fit, by {@link Territory#fits}
     */
    public record Overlap(Territory other, long contacts) {}

    /** The most characters of a rule's region or industry. */
    public static final int MAX_TEXT = 100;

    private final TerritoryStore store;
    private final Users users;
    private final AuditLog audit;
    private final Clock clock;
    private final Contacts contacts;

    Territories(TerritoryStore store, Users users, AuditLog audit, Clock clock, Contacts contacts) {
        this.contacts = contacts;
        this.store = store;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    public List<Territory> list() {
        return store.all();
    }

    /** The territory rules in id order, a page at a time. */
    public Page<Territory> page(String cursor, int limit) {
        return Page.of(store.after(Cursor.decode(cursor), limit + 1), limit, Territory::id);
    }

    public Territory get(long id) {
        return store.find(id).orElseThrow(() -> NotFoundException.of("Territory", id));
    }

    /**
     * How many contacts each rule fits today, by rule id: "no contact has region 'Bavria'" is most likely a
     * misspelling. Counts a few minutes old at most (the contacts' held values).
     */
    public Map<Long, Reach> reach(List<Territory> rules) {
        record Place(String country, String region) {}
        List<Contacts.Whereabouts> where = contacts.whereabouts();
        // each place and industry matched once per rule, not once per industry held there
        Map<Place, Long> places = where.stream().collect(Collectors.groupingBy(w -> new Place(w.country(), w.region()),
                Collectors.summingLong(Contacts.Whereabouts::contacts)));
        Map<String, Long> industries = where.stream().filter(w -> w.industry() != null).collect(Collectors.groupingBy(
                Contacts.Whereabouts::industry, Collectors.summingLong(Contacts.Whereabouts::contacts)));
        Map<Long, Reach> reach = new LinkedHashMap<>();
        for (Territory rule : rules) {
            Set<Place> inRegion = places.keySet().stream().filter(p -> rule.coversRegion(p.country(), p.region()))
                    .collect(Collectors.toSet());
            Set<String> inIndustry = industries.keySet().stream().filter(rule::coversIndustry).collect(Collectors.toSet());
            // as Territory.fits: a field the rule leaves out fits everyone
            long fitting = where.stream().filter(w -> (rule.region() == null || inRegion.contains(new Place(w.country(),
                    w.region()))) && (rule.industry() == null || inIndustry.contains(w.industry())))
                    .mapToLong(Contacts.Whereabouts::contacts).sum();
            reach.put(rule.id(), new Reach(inRegion.stream().mapToLong(places::get).sum(),
                    inIndustry.stream().mapToLong(industries::get).sum(), fitting));
        }
        return reach;
    }

    /**
     * The other rules that fit some of today's contacts this rule fits, with how many both fit (by {@link
     * Territory#fits}, as rep choice matches), in id order: "Germany" for Sam and "DE" for Maria split Germany's leads
     * between them, which whoever saves the second should hear.
     */
    public List<Overlap> overlaps(Territory rule) {
        List<Contacts.Whereabouts> where = contacts.whereabouts().stream()
                .filter(w -> rule.fits(w.country(), w.region(), w.industry())).toList();
        List<Overlap> overlaps = new ArrayList<>();
        for (Territory other : store.all()) {
            long both = other.id() == rule.id() ? 0 : where.stream()
                    .filter(w -> other.fits(w.country(), w.region(), w.industry()))
                    .mapToLong(Contacts.Whereabouts::contacts).sum();
            if (both > 0) {
                overlaps.add(new Overlap(other, both));
            }
        }
        return overlaps;
    }

    /**
     * What whoever saved a rule should hear, in the words they typed, as the territory form and the API answer it: a
     * region or industry no contact has today (a misspelling? the rule is saved all the same, for contacts to come), a
     * country's code that a state also has ("CA" is Canada, not California), a region that names several places
     * ("Georgia", the country and the US state; "WA", Washington and Western Australia), with the codes that name
     * each alone, and the other rules that fit some of the same contacts ({@link #overlaps}), with who gets them.
     * Empty when there is nothing to say.
     */
    public List<String> warnings(NewTerritory typed, Territory saved) {
        String region = typed.region() == null ? "" : typed.region().strip();
        String industry = typed.industry() == null ? "" : typed.industry().strip();
        Reach reach = reach(List.of(saved)).get(saved.id());
        List<String> warnings = new ArrayList<>();
        if (!region.isEmpty() && reach.byRegion() == 0) {
            warnings.add("No contact has region '" + region + "' today — check the spelling.");
        }
        if (!industry.isEmpty() && reach.byIndustry() == 0) {
            warnings.add("No contact has industry '" + industry + "' today — check the spelling.");
        }
        if (saved.namesCountryByCode()) {
            List<Regions.Place> states = Regions.withCode(saved.place());
            if (!states.isEmpty()) {
                warnings.add("'" + saved.place() + "' names the country " + Countries.name(saved.place()) + " only: for "
                        + said(states, " or ") + ", write " + (states.size() == 1 ? "its name or " + states.getFirst().code()
                        : "their names or codes (" + states.stream().map(Regions.Place::code)
                                .collect(Collectors.joining(", ")) + ")") + ".");
            }
        } else if (!region.isEmpty()) {
            List<Regions.Place> places = Regions.places(region);
            if (places.size() > 1) {
                warnings.add(Regions.severalPlaces(region, places, "the rule fits contacts of each, as their country"
                        + " says, and a contact of no country by these words alone", "its code: ", Regions.Place::code));
            }
        }
        overlaps(saved).forEach(o -> warnings.add(overlap(saved, o)));
        return warnings;
    }

    /** "Washington (US) or Western Australia (AU)". */
    private static String said(List<Regions.Place> places, String and) {
        return places.stream().map(Regions.Place::said).collect(Collectors.joining(and));
    }

    /**
     * What a new rule does to the contacts another rule also fits, with how many there are today: shared in turn
     * between two reps when the rules name as many fields, else the rule naming more takes them.
     */
    private String overlap(Territory added, Overlap overlap) {
        Territory other = overlap.other();
        String rep = repName(added.repId());
        String otherRep = repName(other.repId());
        String count = overlap.contacts() == 1 ? "1 contact" : overlap.contacts() + " contacts";
        boolean one = overlap.contacts() == 1;
        String theirs = otherRep + "'s territory of " + other.covers();
        if (other.repId() == added.repId()) {
            return rep + " already has " + count + " of these by the territory of " + other.covers()
                    + ": they go to " + rep + " either way.";
        }
        if (other.specificity() == added.specificity()) {
            return rep + " now shares these contacts with " + otherRep + ": leads that fit both rules go to them in"
                    + " turn (" + count + (one ? " fits" : " fit") + " both this rule and " + theirs + " today).";
        }
        return added.specificity() > other.specificity()
                ? count + " that " + theirs + " also fits " + (one ? "goes" : "go") + " to " + rep + " now: a rule naming both region and"
                        + " industry wins over one naming either."
                : count + " this rule fits " + (one ? "stays" : "stay") + " with " + otherRep + ": " + theirs + " names both region and industry,"
                        + " which wins over a rule naming either.";
    }

    private String repName(long id) {
        return users.find(id).map(User::shownName).orElse("#" + id);
    }

    @Transactional
    public Territory add(NewTerritory rule) {
        String region = Territory.place(clean(rule.region()));
        String industry = clean(rule.industry());
        List<FieldError> errors = new ArrayList<>();
        if (region == null && industry == null) {
            errors.add(new FieldError("region", "or industry is required: a rule that fits everyone is the round-robin's job"));
        }
        tooLong(region, "region", errors);
        tooLong(industry, "industry", errors);
        if (rule.repId() == null) {
            errors.add(new FieldError("repId", "is required: the SALES user who covers the territory"));
        } else if (users.find(rule.repId()).filter(u -> u.role() == Role.SALES).isEmpty()) {
            errors.add(new FieldError("repId", "must be a SALES user's id; " + rule.repId() + " is not"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The territory rule breaks rules; nothing was added", errors);
        }
        long id = store.insert(region, industry, rule.repId(), clock.instant());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("region", region);
        details.put("industry", industry);
        details.put("repId", rule.repId());
        audit.record("TERRITORY_ADDED", "territory", id, details);
        return store.find(id).orElseThrow();
    }

    @Transactional
    public void remove(long id) {
        if (!store.delete(id)) {
            throw NotFoundException.of("Territory", id);
        }
        audit.record("TERRITORY_REMOVED", "territory", id, Map.of());
    }

    private static void tooLong(String value, String field, List<FieldError> errors) {
        if (value != null && value.length() > MAX_TEXT) {
            errors.add(new FieldError(field, "must have at most " + MAX_TEXT + " characters"));
        }
    }

    /** Rules match case-insensitively, so they are kept in lower case (a country's code aside). */
    private static String clean(String text) {
        return text == null || text.isBlank() ? null : text.strip().toLowerCase(Locale.ROOT);
    }
}
