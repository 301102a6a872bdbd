package io.keepwarm.program;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** A rep puts their own contacts in programs and takes them out; another rep's, or nobody's, they leave alone. */
@KeepwarmTest
class RepEnrollmentsTest {

    @Autowired Api api;

    private SalesTeam team;
    private long rep;
    private long colleague;
    private long program;

    @BeforeEach
    void twoRepsAndAProgram() throws Exception {
        team = new SalesTeam(api);
        rep = team.rep("Enroller");
        colleague = team.rep("Colleague");
        String run = UUID.randomUUID().toString().substring(0, 8);
        program = api.activeProgram("""
                {"name": "Rep enrollments %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, api.liveArticle("Rep enrollments " + run)));
    }

    @Test
    void aRepsRequestNamingAContactTheyDoNotOwnEnrollsNobodyAndSaysWhich() throws Exception {
        long own = contact(rep);
        long theirs = contact(colleague);
        long nobodys = contact(null);

        JsonNode refused = json(team.post(rep, "/api/v1/programs/" + program + "/enrollments",
                "{\"contactIds\": [%d, %d, %d]}".formatted(own, theirs, nobodys)).andExpect(status().isForbidden()));
        assertThat(refused.get("detail").asString())
                .contains("Contacts " + Math.min(theirs, nobodys) + ", " + Math.max(theirs, nobodys) + " are not yours")
                .contains("a rep enrolls only contacts they own").contains("Nobody was enrolled");
        api.as(Role.SALES, post("/api/v1/programs/" + program + "/enrollments").contentType(MediaType.APPLICATION_JSON)
                .content("{\"contactIds\": [" + own + "]}")).andExpect(status().isForbidden());
        assertThat(enrolled()).isEmpty();

        team.post(rep, "/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + own + "]}")
                .andExpect(status().isOk());
        assertThat(enrolled()).containsExactly(own);
    }

    @Test
    void aRepTakesOnlyTheirOwnContactsOutOfAProgram() throws Exception {
        long own = contact(rep);
        long theirs = contact(colleague);
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [%d, %d]}".formatted(own, theirs))
                .andExpect(status().isOk());

        JsonNode refused = json(team.post(rep, "/api/v1/programs/" + program + "/enrollments/remove",
                "{\"contactIds\": [%d, %d]}".formatted(own, theirs)).andExpect(status().isForbidden()));
        assertThat(refused.get("detail").asString()).contains("Contact " + theirs + " is not yours")
                .contains("Nobody was taken out");
        assertThat(enrolled()).containsExactlyInAnyOrder(own, theirs);

        team.post(rep, "/api/v1/programs/" + program + "/enrollments/remove", "{\"contactIds\": [" + own + "]}")
                .andExpect(status().isOk());
        assertThat(enrolled()).containsExactly(theirs);
    }

    @Test
    void theContactPageTellsARepTheyEnrollOnlyTheirOwnContacts() throws Exception {
        long theirs = contact(colleague);

        Document page = Jsoup.parse(team.as(rep, post("/ui/contacts/" + theirs + "/enrollments")
                .param("program", String.valueOf(program)).header("HX-Request", "true"))
                .andReturn().getResponse().getContentAsString());

        assertThat(page.getElementById("enroll-form-error").text()).contains("Contact " + theirs + " is not yours");
        assertThat(enrolled()).isEmpty();
    }

    @Test
    void theContactPageOffersARepToEnrollOnlyTheirOwnContacts() throws Exception {
        long own = contact(rep);
        long theirs = contact(colleague);
        long nobodys = contact(null);

        assertThat(contactPage(own).getElementById("enroll-form")).isNotNull();
        assertThat(contactPage(theirs).getElementById("enroll-form")).isNull();
        assertThat(contactPage(nobodys).getElementById("enroll-form")).isNull();
    }

    private Document contactPage(long contact) throws Exception {
        return Jsoup.parse(team.get(rep, "/ui/contacts/" + contact).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }

    private long contact(Long owner) throws Exception {
        return api.createContact("{\"email\": \"%s\"%s}".formatted(uniqueEmail("enrolled"),
                owner == null ? "" : ", \"owner\": \"" + owner + "\""));
    }

    /** The contacts actively in the program. */
    private List<Long> enrolled() throws Exception {
        List<Long> ids = new ArrayList<>();
        json(api.get("/api/v1/programs/" + program + "/enrollments?status=ACTIVE&limit=100")).get("items")
                .forEach(e -> ids.add(e.get("contactId").asLong()));
        return ids;
    }
}
