package io.keepwarm.segment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.account.AccountSettings;
import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.AttributeDefinition;
import io.keepwarm.contact.AttributeType;
import io.keepwarm.contact.Attributes;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.ContactInput;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.Tags;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.ActorType;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.Zones;
import io.keepwarm.scoring.Scores;
import io.keepwarm.segment.ContactList;
import io.keepwarm.segment.Lists;
import io.keepwarm.segment.Operator;
import io.keepwarm.segment.Rule.Literal;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.RuleArbitraries;
import io.keepwarm.segment.Segments;
import io.keepwarm.segment.Verb;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Random rule trees over a varied set of contacts: the SQL the compiler writes must return exactly the contacts
 * that the plain-Java evaluator of the same rule picks, on H2 and on PostgreSQL. Rules are drawn from jqwik's
 * generators by sampling inside a Spring test (jqwik's own runner has no Spring context); a failure names the
 * seed of the data and the rule as JSON. Some contacts have no zone, or one this JVM does not know, with a country
 * of several clocks, of one, or none: their "today" is their country's middle clock's, else the account's (set to a
 * zone drawn from a few a day apart), never UTC's.
 */
@KeepwarmTest
class CompiledRulesAgreeWithEvaluatorTest {

    private static final int RULES = 400;
    private static final List<String> ZONES = List.of("UTC", "Pacific/Auckland", "America/Los_Angeles",
            "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Berlin");
    /** The account's zone: UTC's day, one behind it for part of the day, one ahead of it for part of the day. */
    private static final List<String> ACCOUNT_ZONES = List.of("UTC", "America/Los_Angeles", "Pacific/Auckland",
            "Pacific/Kiritimati", "Pacific/Pago_Pago");
    private static final List<String> WORDS = List.of("Acme", "acme corp", "HPC", "hpc", "Manufacturing", "CTO",
            "Chief Technology Officer", "", "O'Brien", "50%_off", "Zürich");
    /** Regions as contacts and rules write them: one place several ways, and names of places in several countries. */
    private static final List<String> REGIONS = List.of("Bavaria", "Bayern", "BY", "de-by", "Georgia", "GA", "US-GA",
            "WA", "Western Australia", "Washington", "Nordrhein-Westfalen", "nordrhein westfalen", "Thueringen",
            "Thüringen", "Tyrol", "CA");

    @Autowired Api api;
    @Autowired Contacts contacts;
    @Autowired Tags tags;
    @Autowired Attributes attributes;
    @Autowired Consents consents;
    @Autowired Activities activities;
    @Autowired Scores scores;
    @Autowired Lists lists;
    @Autowired Lifecycle lifecycle;
    @Autowired Users users;
    @Autowired Segments segments;
    @Autowired RuleSql ruleSql;
    @Autowired SegmentQueries queries;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;
    @Autowired Zones zones;
    @Autowired AccountSettings accountSettings;

    @AfterEach
    void backToTheConfiguredAccountZone() {
        jdbc.sql("DELETE FROM account_settings").update();
    }

    @Test
    void compiledSqlReturnsExactlyTheContactsTheEvaluatorPicks() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> attr = defineAttributes(suffix);
        ContactList list = lists.create("agree-" + suffix, null);
        List<User> reps = List.of(rep("a" + suffix), rep("b" + suffix));
        accountSettings.change(new AccountSettings.Change(pick(random, ACCOUNT_ZONES), null, null));
        Set<Long> ids = new TreeSet<>();
        for (int i = 0; i < 40; i++) {
            ids.add(aContact(random, attr, list.id(), reps, i));
        }
        clock.advance(Duration.ofHours(random.nextInt(48)));
        Instant now = clock.instant();
        Map<Long, ContactSnapshot> snapshot = ContactSnapshot.load(jdbc, ids);
        FieldCatalog catalog = new FieldCatalog(attributes.list());
        Rule inner = new Rule.Compare("tag", Operator.EQ, List.of(new Literal.Text("vip")));
        long innerId = segments.create(new Segments.Draft("agree-inner-" + suffix, null, inner)).id();
        RuleEvaluator evaluator = new RuleEvaluator(now, catalog, id -> inner, zones);

        Arbitrary<Rule> rules = RuleArbitraries.rules(conditions(attr, list.id(), innerId,
                reps.stream().map(User::id).toList()));
        int telling = 0;
        for (Rule rule : rules.sampleStream().limit(RULES).toList()) {
            Set<Long> expected = new TreeSet<>();
            snapshot.values().stream().filter(c -> evaluator.matches(rule, c)).forEach(c -> expected.add(c.id()));
            Set<Long> actual = new TreeSet<>(queries.matching(rule, null, ids));
            assertThat(actual).as("data seed %d, rule %s at %s, account in %s", seed, SegmentRows.json(rule), now,
                    zones.accountZone()).isEqualTo(expected);
            telling += expected.isEmpty() || expected.size() == ids.size() ? 0 : 1;
        }
        // Rules that pick nobody or everybody prove little; enough of them must split the contacts.
        assertThat(telling).isGreaterThan(RULES / 5);
    }

    private Map<String, String> defineAttributes(String suffix) {
        Map<String, String> keys = Map.of("plan", "plan_" + suffix, "employees", "employees_" + suffix,
                "renewal", "renewal_" + suffix, "vip", "vip_" + suffix, "nickname", "nickname_" + suffix);
        attributes.define(new AttributeDefinition(keys.get("plan"), "Plan " + suffix, AttributeType.ONE_OF, List.of("Basic", "Pro"), false));
        attributes.define(new AttributeDefinition(keys.get("employees"), "Employees " + suffix, AttributeType.NUMBER, List.of(), false));
        attributes.define(new AttributeDefinition(keys.get("renewal"), "Renewal " + suffix, AttributeType.DATE, List.of(), false));
        attributes.define(new AttributeDefinition(keys.get("vip"), "VIP " + suffix, AttributeType.BOOLEAN, List.of(), false));
        attributes.define(new AttributeDefinition(keys.get("nickname"), "Nickname " + suffix, AttributeType.TEXT, List.of(), false));
        return keys;
    }

    private User rep(String name) {
        return users.create(new Users.NewUser("rep-" + name, "Rep " + name, null, Role.SALES, "a-long-enough-password"));
    }

    private long aContact(Random r, Map<String, String> attr, long listId, List<User> reps, int i) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
        Map<String, String> values = new java.util.HashMap<>();
        if (r.nextBoolean()) values.put(attr.get("plan"), r.nextBoolean() ? "Basic" : "pro");
        if (r.nextBoolean()) values.put(attr.get("employees"), String.valueOf(r.nextInt(200)));
        if (r.nextBoolean()) values.put(attr.get("renewal"), today.plusDays(r.nextInt(200) - 100).toString());
        if (r.nextBoolean()) values.put(attr.get("vip"), String.valueOf(r.nextBoolean()));
        if (r.nextBoolean()) values.put(attr.get("nickname"), pick(r, WORDS));
        if (r.nextBoolean()) values.put("birthday", today.minusYears(30).plusDays(r.nextInt(30) - 10).toString());
        if (i % 13 == 0) values.put("birthday", "1992-02-29");
        String email = Api.uniqueEmail("agree" + i);
        var company = r.nextInt(4) == 0 ? null
                : new ContactInput.CompanyInput(pick(r, WORDS.subList(0, 4)) + " " + i, null, maybe(r, pick(r, WORDS)), null);
        long id = contacts.upsert(new ContactInput(email, maybe(r, pick(r, WORDS)), maybe(r, "Smith"), null,
                maybe(r, pick(r, WORDS)), company, maybe(r, pick(r, List.of("DE", "US", "GE", "AU", "NZ"))),
                maybe(r, pick(r, REGIONS)), null, pick(r, ZONES),
                pick(r, List.of("TRADE_SHOW", "WEB_FORM", "REFERRAL")), maybe(r, pick(r, reps).username()), null,
                maybe(r, "EMAIL"), maybe(r, pick(r, List.of("de", "EN", "fr"))), values,
                r.nextBoolean() ? List.of(pick(r, List.of("vip", "hpc", "trade-show", "50%_off"))) : List.of(), null))
                .contact().id();
        // No zone, or one no JVM knows (stored before zones were checked): "today" falls back on the country's clock.
        if (r.nextInt(3) == 0) jdbc.sql(r.nextInt(4) == 0 ? "UPDATE contacts SET time_zone = 'Mars/Olympus_Mons' WHERE id = ?"
                : "UPDATE contacts SET time_zone = NULL WHERE id = ?").param(id).update();
        if (r.nextInt(3) == 0) tags.add(id, List.of(pick(r, List.of("Partner", "webinar"))));
        if (r.nextBoolean()) consents.record(id, new Consents.Statement(Channel.EMAIL,
                pick(r, List.of(ConsentState.GRANTED, ConsentState.WITHDRAWN)), "test", null));
        if (r.nextInt(3) == 0) scores.set(id, new Scores.Score(r.nextInt(200), r.nextBoolean() ? pick(r, List.of("A", "B", "C", "D")) : null));
        if (r.nextInt(4) == 0) lists.add(listId, List.of(id));
        if (r.nextInt(3) > 0) {
            Stage to = pick(r, List.of(Stage.NURTURE, Stage.MQL));
            // A score at or over the readiness rule has made the contact MQL already; back to nurture needs a reason.
            if (lifecycle.current(id).stage() != to) {
                lifecycle.move(id, new Lifecycle.Move(to, to == Stage.NURTURE ? "NOT_READY" : null, "test"), ActorType.API, "test");
            }
        }
        List<Activity> acts = new ArrayList<>();
        for (int k = r.nextInt(6); k > 0; k--) {
            ActivityType type = pick(r, List.of(ActivityType.EMAIL_OPENED, ActivityType.EMAIL_CLICKED, ActivityType.PAGE_VIEW,
                    ActivityType.TOUCH_SENT, ActivityType.REPLIED, ActivityType.OFFER_ACCEPTED));
            boolean inMessage = type == ActivityType.EMAIL_OPENED || type == ActivityType.EMAIL_CLICKED;
            // Opens and clicks in the same few messages, some naming none, some a machine's.
            acts.add(new Activity(id, type, clock.instant().minus(Duration.ofHours(r.nextInt(24 * 90))),
                    type == ActivityType.PAGE_VIEW || type == ActivityType.OFFER_ACCEPTED ? null : pick(r, List.of(Channel.EMAIL, Channel.PHONE)),
                    pick(r, List.of("https://x.io/pricing", "https://x.io/blog/hpc", "offer-y", "OFFER-Y")),
                    inMessage && r.nextInt(5) == 0 ? "PRIVACY_PROXY" : null,
                    inMessage && r.nextInt(4) > 0 ? (long) r.nextInt(3) + 1 : null));
        }
        activities.record(acts);
        return id;
    }

    /** Type-correct conditions over real fields, with values drawn from the same pools as the data. */
    private static Arbitrary<Rule> conditions(Map<String, String> attr, long listId, long segmentId, List<Long> owners) {
        Arbitrary<Literal> words = Arbitraries.of(WORDS).map(Literal.Text::new);
        Arbitrary<Literal> fragments = Arbitraries.of("a", "hpc", "o'", "%", "_", "zü", "").map(Literal.Text::new);
        Arbitrary<Literal> numbers = Arbitraries.integers().between(-5, 210).map(n -> new Literal.Number(BigDecimal.valueOf(n)));
        Arbitrary<Literal> todays = Arbitraries.integers().between(-120, 120).map(Literal.Today::new);
        Arbitrary<Literal> days = Arbitraries.integers().between(0, 100).map(Literal.Days::new);
        List<Arbitrary<Rule>> all = new ArrayList<>();
        for (String text : List.of("first_name", "title", "company", "industry", "country", attr.get("nickname"))) {
            all.add(textCondition(text, words, fragments));
        }
        all.add(textCondition("region", Arbitraries.of(REGIONS).map(Literal.Text::new),
                Arbitraries.of("ba", "georg", "-", "ü").map(Literal.Text::new)));
        all.add(textCondition("tag", Arbitraries.of("VIP", "hpc", "webinar", "50%_off", "x").map(Literal.Text::new),
                Arbitraries.of("v", "%", "_", "part").map(Literal.Text::new)));
        all.add(choice("source", Arbitraries.of("trade_show", "WEB_FORM", "REFERRAL", "API")));
        all.add(choice("stage", Arbitraries.of("NEW", "nurture", "MQL")).filter(CompiledRulesAgreeWithEvaluatorTest::hasValues));
        all.add(choice("preferred_channel", Arbitraries.of("EMAIL", "phone")));
        all.add(choice("language", Arbitraries.of("de", "EN", "en", "es")));
        all.add(choice(attr.get("plan"), Arbitraries.of("basic", "PRO")));
        all.add(choice("consent.email", Arbitraries.of("GRANTED", "withdrawn", "UNKNOWN")).filter(CompiledRulesAgreeWithEvaluatorTest::hasValues));
        for (String number : List.of("score", attr.get("employees"))) {
            all.add(ordered(number, numbers, true));
        }
        all.add(ordered("grade", Arbitraries.of("A", "B", "C", "D").map(Literal.Text::new), true));
        all.add(ordered(attr.get("renewal"), Arbitraries.oneOf(todays,
                todays.map(t -> new Literal.Text(LocalDate.of(2026, 1, 5).plusDays(((Literal.Today) t).offsetDays()).toString()))), false));
        all.add(ordered("created_at", todays, false).filter(CompiledRulesAgreeWithEvaluatorTest::hasValues));
        all.add(Combinators.combine(Arbitraries.of(Operator.LT, Operator.LE, Operator.GT, Operator.GE, Operator.BETWEEN),
                days, days).as((op, a, b) -> new Rule.Compare("time_in_stage", op, op == Operator.BETWEEN ? List.of(a, b) : List.of(a))));
        all.add(Combinators.combine(Arbitraries.of(Operator.EQ, Operator.LT, Operator.LE, Operator.GT, Operator.GE, Operator.BETWEEN),
                Arbitraries.integers().between(-3, 40).map(Literal.Today::new), Arbitraries.integers().between(-3, 400).map(Literal.Today::new),
                Arbitraries.of("birthday", attr.get("renewal")))
                .as((op, a, b, f) -> new Rule.Compare("anniversary(" + f + ")", op, op == Operator.BETWEEN ? List.of(a, b) : List.of(a))));
        all.add(Arbitraries.of(Operator.EQ, Operator.NE, Operator.IS_EMPTY, Operator.IS_NOT_EMPTY).flatMap(op ->
                Arbitraries.of(true, false).map(b -> new Rule.Compare(attr.get("vip"), op,
                        op == Operator.EQ || op == Operator.NE ? List.of(new Literal.Bool(b)) : List.of()))));
        all.add(behaviours());
        all.add(Arbitraries.just(new Rule.InList(listId)));
        all.add(Arbitraries.just(new Rule.InSegment(segmentId)));
        all.add(ordered("owner", Arbitraries.of(owners).map(id -> new Literal.Number(BigDecimal.valueOf(id))), true)
                .filter(r -> ((Rule.Compare) r).op() != Operator.BETWEEN));
        return Arbitraries.oneOf(all);
    }

    private static Arbitrary<Rule> behaviours() {
        Arbitrary<Verb> verbs = Arbitraries.of(Verb.OPENED, Verb.VISITED, Verb.TOUCHED, Verb.REPLIED, Verb.ACCEPTED, Verb.CLICKED);
        Arbitrary<Rule.Window> windows = Arbitraries.oneOf(Arbitraries.just((Rule.Window) null),
                Arbitraries.integers().between(1, 100).map(Rule.Window.Within::new),
                Arbitraries.integers().between(0, 100).map(d -> new Rule.Window.Since(LocalDate.of(2026, 1, 5).minusDays(d))));
        return Combinators.combine(verbs, Arbitraries.of(Operator.EQ, Operator.NE, Operator.LT, Operator.LE, Operator.GT, Operator.GE),
                Arbitraries.integers().between(0, 3), windows, Arbitraries.integers().between(0, 5))
                .as((verb, op, count, window, m) -> new Rule.Behaviour(verb, match(verb, m), op, count, window));
    }

    private static String match(Verb verb, int m) {
        if (m == 0) {
            return null;
        }
        return verb.matchesChannel() ? (m % 2 == 0 ? "email" : "PHONE")
                : List.of("*pricing*", "https://x.io/*", "offer-y", "*HPC", "x%").get(m - 1);
    }

    private static Arbitrary<Rule> textCondition(String field, Arbitrary<Literal> words, Arbitrary<Literal> fragments) {
        return Arbitraries.of(Operator.EQ, Operator.NE, Operator.IN, Operator.CONTAINS, Operator.STARTS_WITH,
                Operator.IS_EMPTY, Operator.IS_NOT_EMPTY).flatMap(op -> switch (op) {
                    case IS_EMPTY, IS_NOT_EMPTY -> Arbitraries.just(new Rule.Compare(field, op, List.of()));
                    case IN -> words.list().ofMinSize(1).ofMaxSize(3).map(v -> new Rule.Compare(field, op, v));
                    case CONTAINS, STARTS_WITH -> fragments.map(v -> new Rule.Compare(field, op, List.of(v)));
                    default -> words.map(v -> new Rule.Compare(field, op, List.of(v)));
                });
    }

    private static Arbitrary<Rule> choice(String field, Arbitrary<String> values) {
        Arbitrary<Literal> literals = values.map(Literal.Text::new);
        return Arbitraries.of(Operator.EQ, Operator.NE, Operator.IN, Operator.IS_EMPTY, Operator.IS_NOT_EMPTY).flatMap(op -> switch (op) {
            case IS_EMPTY, IS_NOT_EMPTY -> Arbitraries.just(new Rule.Compare(field, op, List.of()));
            case IN -> literals.list().ofMinSize(1).ofMaxSize(3).map(v -> new Rule.Compare(field, op, v));
            default -> literals.map(v -> new Rule.Compare(field, op, List.of(v)));
        });
    }

    private static Arbitrary<Rule> ordered(String field, Arbitrary<Literal> values, boolean in) {
        List<Operator> ops = new ArrayList<>(List.of(Operator.EQ, Operator.NE, Operator.LT, Operator.LE, Operator.GT,
                Operator.GE, Operator.BETWEEN, Operator.IS_EMPTY, Operator.IS_NOT_EMPTY));
        if (in) {
            ops.add(Operator.IN);
        }
        return Arbitraries.of(ops).flatMap(op -> switch (op) {
            case IS_EMPTY, IS_NOT_EMPTY -> Arbitraries.just(new Rule.Compare(field, op, List.of()));
            case IN -> values.list().ofMinSize(1).ofMaxSize(3).map(v -> new Rule.Compare(field, op, v));
            case BETWEEN -> values.list().ofSize(2).map(v -> new Rule.Compare(field, op, v));
            default -> values.map(v -> new Rule.Compare(field, op, List.of(v)));
        });
    }

    /** Stages, consent and creation times are never empty, so "is empty" is no question to ask of them. */
    private static boolean hasValues(Rule rule) {
        return !((Rule.Compare) rule).values().isEmpty();
    }

    private static <T> T pick(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    private static String maybe(Random r, String value) {
        return r.nextInt(3) == 0 ? null : value;
    }
}
