package io.keepwarm.support;

import io.keepwarm.identity.ApiKeys;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.Users;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Calls the API the way an integrator does: JSON over HTTP with a real API key of the given role. */
@TestComponent
public class Api {

    private final MockMvc mvc;
    private final ApiKeys apiKeys;
    private final Users users;
    private final Map<Role, String> keys = new EnumMap<>(Role.class);
    private final Map<Role, String> sessionUsers = new EnumMap<>(Role.class);

    Api(MockMvc mvc, ApiKeys apiKeys, Users users) {
        this.mvc = mvc;
        this.apiKeys = apiKeys;
        this.users = users;
    }

    /** A real user of this role, for requests made as a logged-in person (sessions are checked against users). */
    public synchronized String sessionUser(Role role) {
        return sessionUsers.computeIfAbsent(role, r -> {
            String name = "test-" + r.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 6);
            users.create(new Users.NewUser(name, "Test " + r, null, r, "a-long-enough-password"));
            return name;
        });
    }

    public synchronized String key(Role role) {
        return keys.computeIfAbsent(role, r -> apiKeys.create("test-" + r.name().toLowerCase(), r).key());
    }

    public MockMvc mvc() {
        return mvc;
    }

    public ResultActions as(Role role, AbstractMockHttpServletRequestBuilder<?> request) throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + key(role)));
    }

    public ResultActions post(String path, String json) throws Exception {
        return as(Role.ADMIN, MockMvcRequestBuilders.post(path).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    public ResultActions patch(String path, String json) throws Exception {
        return as(Role.ADMIN, MockMvcRequestBuilders.patch(path)
                .contentType(MediaType.APPLICATION_JSON).content(json));
    }

    public ResultActions get(String path) throws Exception {
        return as(Role.ADMIN, MockMvcRequestBuilders.get(path));
    }

    public ResultActions delete(String path) throws Exception {
        return as(Role.ADMIN, MockMvcRequestBuilders.delete(path));
    }

    /** The body of a finished call as JSON. */
    public static JsonNode json(ResultActions result) throws Exception {
        return JsonMapper.shared().readTree(result.andReturn().getResponse().getContentAsString());
    }

    /** Every item of a paged list at {@code path} (no query of its own), read page after page as a client would. */
    public List<JsonNode> every(String path) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = json(get(path + "?limit=500" + (cursor == null ? "" : "&cursor=" + cursor))
                    .andExpect(status().isOk()));
            page.get("items").forEach(all::add);
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);
        return all;
    }

    /** A fresh address, so tests never trip over each other's contacts. */
    public static String uniqueEmail(String name) {
        return name + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Creates a contact and returns its id. */
    public long createContact(String json) throws Exception {
        return json(post("/api/v1/contacts", json)).get("id").asLong();
    }

    /** Creates a program from its JSON and activates it; answers its id. */
    public long activeProgram(String json) throws Exception {
        long id = json(post("/api/v1/programs", json).andExpect(status().isCreated())).get("id").asLong();
        post("/api/v1/programs/" + id + "/activate", "").andExpect(status().isOk());
        return id;
    }

    /** A live article whose email greets the contact by first name ("there" without one); answers its id. */
    public long liveArticle(String subject) throws Exception {
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", subject).put("type", "ARTICLE").put("status", "LIVE");
        piece.putObject("fallbacks").put("contact.first_name", "there");
        ObjectNode email = piece.putObject("variants").putObject("email");
        email.put("subject", subject);
        email.put("html", "<p>Dear {{ contact.first_name }},</p><p>Something useful.</p>");
        return json(post("/api/v1/content", piece.toString()).andExpect(status().isCreated())).get("id").asLong();
    }

    /** A live call script for the phone channel (the contact's first name falls back to "them"); answers its id. */
    public long liveCallScript(String name, String script) throws Exception {
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", name).put("type", "CALL_SCRIPT").put("status", "LIVE");
        piece.putObject("fallbacks").put("contact.first_name", "them");
        piece.putObject("variants").putObject("phone").put("script", script);
        return json(post("/api/v1/content", piece.toString()).andExpect(status().isCreated())).get("id").asLong();
    }
}
