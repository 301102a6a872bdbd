package io.keepwarm.segment.internal;

import io.keepwarm.contact.Attributes;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.Zones;
import io.keepwarm.segment.Rule;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Compiles rules against the current fields, segments and lists, at the clock's now. */
@Component
public class RuleSql {

    private final JdbcClient jdbc;
    private final Attributes attributes;
    private final Clock clock;
    private final Users users;
    private final Zones zones;

    RuleSql(JdbcClient jdbc, Attributes attributes, Clock clock, Users users, Zones zones) {
        this.jdbc = jdbc;
        this.attributes = attributes;
        this.clock = clock;
        this.users = users;
        this.zones = zones;
    }

    RuleCompiler.Compiled compile(Rule rule, Long selfId) {
        return compile(rule, selfId, clock.instant());
    }

    /** Compiles a rule as of an instant: "today" and "within 30 days" count from it. */
    RuleCompiler.Compiled compile(Rule rule, Long selfId, Instant at) {
        return RuleCompiler.compile(rule, context(at), selfId);
    }

    /** Compiles a rule a person gives now, refusing what only a stored rule may still hold (see RuleCompiler.check). */
    RuleCompiler.Compiled check(Rule rule, Long selfId) {
        return RuleCompiler.check(rule, context(clock.instant()), selfId);
    }

    private RuleCompiler.Context context(Instant at) {
        return new RuleCompiler.Context(at, new FieldCatalog(attributes.list()), this::segmentRule,
                new HashSet<>(jdbc.sql("SELECT id FROM contact_lists").query(Long.class).list()),
                id -> users.find(id).isPresent(), zones.accountZone());
    }

    Optional<Rule> segmentRule(long id) {
        return jdbc.sql("SELECT rule_json FROM segments WHERE id = ?").param(id).query(String.class).optional()
                .map(SegmentRows::rule);
    }
}
