package io.keepwarm.support;

import static io.keepwarm.support.Api.json;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;

/**
 * Test steps for a sales team, in the words of the API: reps (SALES users) who log in, go away and come back, have
 * weights and managers. Tests share one database, so {@link #onlyThese} sets every other rep away for a test and
 * {@link #restore} brings them back.
 */
public final class SalesTeam {

    private final Api api;
    private final Map<Long, String> usernames = new HashMap<>();
    private final List<Long> setAway = new ArrayList<>();

    public SalesTeam(Api api) {
        this.api = api;
    }

    /** A new SALES user without an email address. */
    public long rep(String name) throws Exception {
        return user(name, "SALES", null);
    }

    /** A new SALES user with an email address (alerts are emailed). */
    public long rep(String name, String email) throws Exception {
        return user(name, "SALES", email);
    }

    /**
     * New SALES users by these names, the only reps here: every other rep is away until {@link #restore}. Their ids, in
     * the names' order.
     */
    public long[] onlyReps(String... names) throws Exception {
        long[] reps = new long[names.length];
        for (int i = 0; i < names.length; i++) {
            reps[i] = rep(names[i]);
        }
        onlyThese(java.util.Arrays.stream(reps).boxed().toArray(Long[]::new));
        return reps;
    }

    /** A new user shown by this name ("Rita Jones"), their username made of it ("Rita.Jones-1a2b3c4d"). */
    public long user(String name, String role, String email) throws Exception {
        String username = name.replace(' ', '.') + "-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode created = json(api.post("/api/v1/users", """
                {"username": "%s", "displayName": "%s", "role": "%s", "password": "a-long-enough-password"%s}"""
                .formatted(username, name, role, email == null ? "" : ", \"email\": \"" + email + "\""))
                .andExpect(status().isCreated()));
        usernames.put(created.get("id").asLong(), username);
        return created.get("id").asLong();
    }

    /**
     * A contact with a phone in UTC, owned by the rep, and the clock on the next Wednesday at 15:00 UTC: within the
     * contact's calling hours, so the calls the test makes are in the rep's day at once.
     */
    public long contactToCallToday(long rep, String firstName, String phone, io.keepwarm.support.TestClock clock)
            throws Exception {
        clock.advanceToNext(java.time.DayOfWeek.WEDNESDAY, java.time.LocalTime.of(15, 0));
        return api.createContact("""
                {"email": "%s", "firstName": "%s", "phone": "%s", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(Api.uniqueEmail(firstName.toLowerCase()), firstName, phone, rep));
    }

    /**
     * Dana's team, as the sales manager tests know it: Dana manages Mike and Rita; Sam is a rep of no team. The four
     * are the only reps here until {@link #restore}.
     */
    public record DanasTeam(long dana, long mike, long rita, long sam) {}

    /** New reps Dana, Mike, Rita and Sam, Dana managing Mike and Rita; every other rep away until {@link #restore}. */
    public DanasTeam danasTeam() throws Exception {
        DanasTeam team = new DanasTeam(rep("Dana"), rep("Mike"), rep("Rita"), rep("Sam"));
        manages(team.dana(), team.mike(), team.rita());
        onlyThese(team.dana(), team.mike(), team.rita(), team.sam());
        return team;
    }

    /** Makes the user these reps' manager: their overdue leads go to them, and they read the reps' figures and days. */
    public void manages(long manager, long... reps) throws Exception {
        for (long rep : reps) {
            change(rep, "{\"managerId\": " + manager + "}");
        }
    }

    public void change(long userId, String json) throws Exception {
        api.patch("/api/v1/users/" + userId, json).andExpect(status().isOk());
    }

    public void away(long userId, boolean away) throws Exception {
        change(userId, "{\"away\": " + away + "}");
    }

    /** Sets every enabled SALES user but these away until {@link #restore}. */
    public void onlyThese(Long... reps) throws Exception {
        Set<Long> keep = Set.of(reps);
        for (JsonNode user : api.every("/api/v1/users")) {
            long id = user.get("id").asLong();
            if (user.get("role").asString().equals("SALES") && !user.get("away").asBoolean() && !keep.contains(id)) {
                away(id, true);
                setAway.add(id);
            }
        }
    }

    public void restore() throws Exception {
        for (long id : setAway) {
            away(id, false);
        }
        setAway.clear();
    }

    /** A request made by the rep, logged in to the app (with the CSRF token a session needs to change things). */
    public ResultActions as(long userId, AbstractMockHttpServletRequestBuilder<?> request) throws Exception {
        String username = usernames.get(userId);
        if (username == null) {
            throw new IllegalArgumentException("user " + userId + " was not made by this team");
        }
        return api.mvc().perform(request.with(SecurityMockMvcRequestPostProcessors.user(username).roles(role(userId)))
                .with(csrf()));
    }

    public ResultActions get(long userId, String path) throws Exception {
        return as(userId, MockMvcRequestBuilders.get(path));
    }

    public ResultActions post(long userId, String path, String json) throws Exception {
        return as(userId, MockMvcRequestBuilders.post(path).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private String role(long userId) throws Exception {
        return json(api.get("/api/v1/users/" + userId)).get("role").asString();
    }
}
