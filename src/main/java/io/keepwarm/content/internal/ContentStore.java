package io.keepwarm.content.internal;

import io.keepwarm.content.ContentFilter;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentStatus;
import io.keepwarm.content.ContentType;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The content tables: one row per item, its variants, topics, stages and segments beside it. */
@Repository
public class ContentStore {

    private static final String COLUMNS = "id, name, content_type, status, valid_until, language, landing_url, offer_key, offer_label,"
            + " offer_sends, landing_title, landing_html, landing_intro, landing_button, fallbacks_json, created_by,"
            + " created_at, updated_by, updated_at";

    private final JdbcClient jdbc;

    ContentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new item (its id and audit fields as given are ignored but for who and when) and returns its id. */
    public long insert(ContentItem item) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO content_items (name, content_type, status, valid_until, language, landing_url, offer_key,"
                        + " offer_label, offer_sends, landing_title, landing_html, landing_intro, landing_button,"
                        + " fallbacks_json, created_by, created_at, updated_by, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(item.name(), item.type().name(), item.status().name(), Timestamps.of(item.validUntil()),
                        item.language(), item.landingUrl(),
                        item.offer() == null ? null : item.offer().key(), item.offer() == null ? null : item.offer().label(),
                        item.offer() == null ? null : item.offer().sends(),
                        item.landing() == null ? null : item.landing().title(),
                        item.landing() == null ? null : item.landing().html(),
                        item.landing() == null ? null : item.landing().intro(),
                        item.landing() == null ? null : item.landing().button(),
                        json(item.fallbacks()), item.createdBy(), Timestamps.of(item.createdAt()), item.updatedBy(),
                        Timestamps.of(item.updatedAt()))
                .update(keys, "id");
        long id = keys.getKeyAs(Number.class).longValue();
        insertChildren(id, item);
        return id;
    }

    public void update(long id, ContentItem item) {
        jdbc.sql("""
                UPDATE content_items SET name = ?, content_type = ?, status = ?, valid_until = ?, language = ?,
                    landing_url = ?, offer_key = ?, offer_label = ?, offer_sends = ?, landing_title = ?, landing_html = ?,
                    landing_intro = ?, landing_button = ?, fallbacks_json = ?, updated_by = ?, updated_at = ?
                WHERE id = ?""")
                .params(item.name(), item.type().name(), item.status().name(), Timestamps.of(item.validUntil()),
                        item.language(), item.landingUrl(),
                        item.offer() == null ? null : item.offer().key(), item.offer() == null ? null : item.offer().label(),
                        item.offer() == null ? null : item.offer().sends(),
                        item.landing() == null ? null : item.landing().title(),
                        item.landing() == null ? null : item.landing().html(),
                        item.landing() == null ? null : item.landing().intro(),
                        item.landing() == null ? null : item.landing().button(),
                        json(item.fallbacks()), item.updatedBy(), Timestamps.of(item.updatedAt()), id)
                .update();
        for (String table : List.of("content_variants", "content_topics", "content_stages", "content_segments")) {
            jdbc.sql("DELETE FROM " + table + " WHERE content_id = ?").param(id).update();
        }
        insertChildren(id, item);
    }

    /** The pieces whose offer sends this one, as "the offer of content item 'Name'". */
    public List<String> offering(long id) {
        return jdbc.sql("SELECT name FROM content_items WHERE offer_sends = ? AND id <> ? ORDER BY id")
                .params(id, id).query(String.class).list().stream().map(n -> "the offer of content item '" + n + "'")
                .toList();
    }

    /** The live pieces, other than this one, whose offer sends this one: their names. */
    public List<String> liveOffering(long id) {
        return jdbc.sql("SELECT name FROM content_items WHERE offer_sends = ? AND id <> ? AND status = 'LIVE' ORDER BY id")
                .params(id, id).query(String.class).list();
    }

    /** The names of the pieces, other than this one and not retired, whose offer sends this one; in id order. */
    public List<String> shownOffering(long id) {
        return jdbc.sql("SELECT name FROM content_items WHERE offer_sends = ? AND id <> ? AND status <> 'RETIRED'"
                + " ORDER BY id").params(id, id).query(String.class).list();
    }

    public void delete(long id) {
        jdbc.sql("DELETE FROM content_items WHERE id = ?").param(id).update();
    }

    /** The names of those of these ids that exist, by id: one read for a page that names many. */
    public java.util.Map<Long, String> names(java.util.Collection<Long> ids) {
        return io.keepwarm.platform.Names.byId(jdbc, "SELECT id, name FROM content_items WHERE id IN (:ids)", ids);
    }

    public Optional<ContentItem> find(long id) {
        return withChildren(jdbc.sql("SELECT " + COLUMNS + " FROM content_items WHERE id = ?").param(id)
                .query(ContentStore::row).list()).stream().findFirst();
    }

    /** The item's row locked until the transaction ends, so two edits of its status take turns. */
    public Optional<ContentItem> findForUpdate(long id) {
        jdbc.sql("SELECT id FROM content_items WHERE id = ? FOR UPDATE").param(id).query(Long.class).optional();
        return find(id);
    }

    /** Up to {@code limit} items after the given id, in id order. */
    public List<ContentItem> list(ContentFilter filter, long after, int limit) {
        return withChildren(jdbc.sql("SELECT " + COLUMNS + """
                 FROM content_items c
                WHERE c.id > :after
                  AND (CAST(:type AS VARCHAR) IS NULL OR c.content_type = :type)
                  AND (CAST(:status AS VARCHAR) IS NULL OR c.status = :status)
                  AND (CAST(:language AS VARCHAR) IS NULL OR c.language = :language)
                  AND (CAST(:anyLanguage AS BOOLEAN) = FALSE OR c.language IS NULL)
                  AND (CAST(:topic AS VARCHAR) IS NULL
                       OR EXISTS (SELECT 1 FROM content_topics t WHERE t.content_id = c.id AND t.topic = :topic))
                  AND (CAST(:stage AS VARCHAR) IS NULL
                       OR EXISTS (SELECT 1 FROM content_stages s WHERE s.content_id = c.id AND s.stage = :stage)
                       OR NOT EXISTS (SELECT 1 FROM content_stages s WHERE s.content_id = c.id))
                ORDER BY c.id
                FETCH FIRST :limit ROWS ONLY""")
                .param("after", after)
                .param("type", filter.type() == null ? null : filter.type().name())
                .param("status", filter.status() == null ? null : filter.status().name())
                .param("language", filter.anyLanguage() ? null : filter.language())
                .param("anyLanguage", filter.anyLanguage())
                .param("topic", filter.topic())
                .param("stage", filter.stage() == null ? null : filter.stage().name())
                .param("limit", limit)
                .query(ContentStore::row)
                .list());
    }

    /** The languages pieces are in, in alphabetical order; those of any language have none. */
    public List<String> languages() {
        return jdbc.sql("SELECT DISTINCT language FROM content_items WHERE language IS NOT NULL ORDER BY language")
                .query(String.class).list();
    }

    private void insertChildren(long id, ContentItem item) {
        ContentItem.Email email = item.variants().email();
        if (email != null) {
            jdbc.sql("INSERT INTO content_variants (content_id, channel, subject, html_body, text_body, text_derived)"
                            + " VALUES (?, 'EMAIL', ?, ?, ?, ?)")
                    .params(id, email.subject(), email.html(), email.text(), email.textDerived()).update();
        }
        if (item.variants().phone() != null) {
            jdbc.sql("INSERT INTO content_variants (content_id, channel, script, text_derived) VALUES (?, 'PHONE', ?, FALSE)")
                    .params(id, item.variants().phone().script()).update();
        }
        item.topics().forEach(topic ->
                jdbc.sql("INSERT INTO content_topics (content_id, topic) VALUES (?, ?)").params(id, topic).update());
        item.stages().forEach(stage ->
                jdbc.sql("INSERT INTO content_stages (content_id, stage) VALUES (?, ?)").params(id, stage.name()).update());
        item.segmentIds().forEach(segment ->
                jdbc.sql("INSERT INTO content_segments (content_id, segment_id) VALUES (?, ?)").params(id, segment).update());
    }

    /** The items with their variants, topics, stages and segments, read with one query per table for all of them. */
    private List<ContentItem> withChildren(List<ContentItem> bare) {
        if (bare.isEmpty()) {
            return bare;
        }
        List<Long> ids = bare.stream().map(ContentItem::id).toList();
        Map<Long, ContentItem.Email> emails = new HashMap<>();
        Map<Long, ContentItem.Phone> phones = new HashMap<>();
        jdbc.sql("SELECT content_id, channel, subject, html_body, text_body, text_derived, script FROM content_variants"
                        + " WHERE content_id IN (:ids)").param("ids", ids)
                .query(rs -> {
                    long id = rs.getLong(1);
                    if (rs.getString(2).equals("EMAIL")) {
                        emails.put(id, new ContentItem.Email(rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6)));
                    } else {
                        phones.put(id, new ContentItem.Phone(rs.getString(7)));
                    }
                });
        Map<Long, List<String>> topics = group("SELECT content_id, topic FROM content_topics WHERE content_id IN (:ids)"
                + " ORDER BY content_id, topic", ids);
        Map<Long, List<String>> stages = group("SELECT content_id, stage FROM content_stages WHERE content_id IN (:ids)", ids);
        Map<Long, List<String>> segments = group("SELECT content_id, CAST(segment_id AS VARCHAR(20)) FROM content_segments"
                + " WHERE content_id IN (:ids) ORDER BY content_id, segment_id", ids);
        List<ContentItem> items = new ArrayList<>(bare.size());
        for (ContentItem b : bare) {
            Set<Stage> stageSet = EnumSet.noneOf(Stage.class);
            stages.getOrDefault(b.id(), List.of()).forEach(s -> stageSet.add(Stage.valueOf(s)));
            items.add(new ContentItem(b.id(), b.name(), b.type(), topics.getOrDefault(b.id(), List.of()), stageSet,
                    segments.getOrDefault(b.id(), List.of()).stream().map(Long::valueOf).toList(), b.language(), b.status(),
                    b.validUntil(), b.landingUrl(), b.offer(), b.landing(), b.fallbacks(),
                    new ContentItem.Variants(emails.get(b.id()), phones.get(b.id())),
                    b.createdBy(), b.createdAt(), b.updatedBy(), b.updatedAt()));
        }
        return items;
    }

    private Map<Long, List<String>> group(String sql, List<Long> ids) {
        Map<Long, List<String>> grouped = new LinkedHashMap<>();
        jdbc.sql(sql).param("ids", ids)
                .query(rs -> {
                    grouped.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                });
        return grouped;
    }

    private static ContentItem row(ResultSet rs, int n) throws SQLException {
        String offerKey = rs.getString("offer_key");
        String landingTitle = rs.getString("landing_title");
        String landingHtml = rs.getString("landing_html");
        String landingIntro = rs.getString("landing_intro");
        String landingButton = rs.getString("landing_button");
        return new ContentItem(rs.getLong("id"), rs.getString("name"), ContentType.valueOf(rs.getString("content_type")),
                List.of(), Set.of(), List.of(), rs.getString("language"), ContentStatus.valueOf(rs.getString("status")),
                Timestamps.read(rs, "valid_until"), rs.getString("landing_url"),
                offerKey == null ? null : new ContentItem.Offer(offerKey, rs.getString("offer_label"),
                        rs.getObject("offer_sends", Long.class)),
                landingTitle == null && landingHtml == null && landingIntro == null && landingButton == null ? null
                        : new ContentItem.Landing(landingTitle, landingHtml, landingIntro, landingButton),
                JsonMapper.shared().readValue(rs.getString("fallbacks_json"), new TypeReference<LinkedHashMap<String, String>>() {}),
                ContentItem.Variants.NONE, rs.getString("created_by"), Timestamps.read(rs, "created_at"),
                rs.getString("updated_by"), Timestamps.read(rs, "updated_at"));
    }

    private static String json(Map<String, String> fallbacks) {
        return JsonMapper.shared().writeValueAsString(fallbacks);
    }
}
