package io.keepwarm.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The stored answers to idempotent requests, as far as other modules need to touch them. */
@Service
public class IdempotencyRecords {

    private static final String NAMED = IdempotencyRecords.class.getName() + ".contacts";

    private final JdbcClient jdbc;

    IdempotencyRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Names a contact the answer to the current request is about where the answer has no {@code contactId} field to
     * say so (the contact's own record, a piece rendered for it), so that erasing the contact forgets the answer.
     */
    public void answerIsAbout(long contactId) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            named(request).add(contactId);
        }
    }

    /**
     * The contacts an answer is about: those its handling named, and every {@code contactId} (or {@code contactIds})
     * in it at any depth, which is how each API record that belongs to a contact says whose it is.
     */
    public Set<Long> contactsOf(HttpServletRequest request, String answer) {
        Set<Long> contacts = new TreeSet<>();
        if (request.getAttribute(NAMED) instanceof Set<?> named) {
            named.forEach(id -> contacts.add((Long) id));
        }
        if (answer.isBlank()) {
            return contacts;
        }
        JsonNode tree;
        try {
            tree = JsonMapper.shared().readTree(answer);
        } catch (JacksonException notJson) {
            return contacts;
        }
        tree.findValues("contactId").forEach(id -> add(id, contacts));
        tree.findValues("contactIds").forEach(ids -> ids.forEach(id -> add(id, contacts)));
        return contacts;
    }

    /** Forgets every stored answer about this contact. */
    public void forgetAnswersAbout(long contactId) {
        jdbc.sql("""
                DELETE FROM idempotency_keys WHERE EXISTS (SELECT 1 FROM idempotency_subjects s
                 WHERE s.actor = idempotency_keys.actor AND s.idem_key = idempotency_keys.idem_key AND s.contact_id = ?)""")
                .param(contactId)
                .update();
    }

    /** Forgets every stored answer to a request on this path or below it. */
    public void forgetRequestsUnder(String path) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE request_path = ? OR request_path LIKE ? ESCAPE '!'")
                .params(path, escape(path) + "/%")
                .update();
    }

    /** Forgets every stored answer that mentions this text: personal data must not outlive an erasure there. */
    public void forgetMentionsOf(String text) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE body LIKE ? ESCAPE '!'")
                .param("%" + escape(text) + "%")
                .update();
    }

    @SuppressWarnings("unchecked")
    private static Set<Long> named(RequestAttributes request) {
        Object named = request.getAttribute(NAMED, RequestAttributes.SCOPE_REQUEST);
        if (named == null) {
            named = new TreeSet<Long>();
            request.setAttribute(NAMED, named, RequestAttributes.SCOPE_REQUEST);
        }
        return (Set<Long>) named;
    }

    private static void add(JsonNode id, Set<Long> contacts) {
        if (id.isIntegralNumber()) {
            contacts.add(id.asLong());
        }
    }

    private static String escape(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
