package io.keepwarm.segment.internal;

import io.keepwarm.contact.AttributeUsers;
import io.keepwarm.segment.SegmentUsers;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The segments whose rule names a custom attribute: counting or refreshing them would fail on its name. */
@Component
class SegmentAttributeUsers implements AttributeUsers {

    private final JdbcClient jdbc;

    SegmentAttributeUsers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> usingAttribute(String key) {
        return SegmentRows.naming(jdbc, rule -> SegmentUsers.namesField(rule, key));
    }
}
