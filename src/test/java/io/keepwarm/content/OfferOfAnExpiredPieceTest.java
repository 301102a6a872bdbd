package io.keepwarm.content;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** An offer that sends a piece past its valid-until moment is warned of, beside the offer and beside the piece. */
@KeepwarmTest
class OfferOfAnExpiredPieceTest {

    @Autowired Api api;
    @Autowired TestClock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anOfferWhosePieceHasExpiredIsWarnedOfInTheSaveTheEditorsAndTheList() throws Exception {
        long guide = create(guide("Guide " + run, clock.instant().minus(Duration.ofDays(1))));
        ObjectNode paper = paper("Paper " + run, guide);

        List<String> warnings = warnings(api.post("/api/v1/content", paper.toString())
                .andExpect(status().isCreated()));
        long offering = json(api.post("/api/v1/content", paper.put("name", "Paper two " + run).toString())).get("id")
                .asLong();

        assertThat(warnings).anySatisfy(w -> assertThat(w)
                .startsWith("offer: the piece it sends, 'Guide " + run + "', expired on ")
                .contains("point the offer at another piece, or clear or move the valid-until date"));
        List<String> guideSaved = warnings(api.as(Role.MARKETER, put("/api/v1/content/" + guide)
                .contentType(MediaType.APPLICATION_JSON)
                .content(guide("Guide " + run, clock.instant().minus(Duration.ofDays(1))).toString())));
        assertThat(guideSaved).anySatisfy(w -> assertThat(w).startsWith("valid until: the offers of 'Paper " + run
                + "', 'Paper two " + run + "' send this piece, and it expired on "));

        Document paperEditor = page("/ui/content/" + offering);
        assertThat(paperEditor.getElementById("offer-sends-expired").text())
                .startsWith("offer: the piece it sends, 'Guide " + run + "', expired on ");
        assertThat(page("/ui/content/" + guide).getElementById("offered-expired").text())
                .startsWith("valid until: the offers of 'Paper " + run + "'");
        Document list = page("/ui/content?topic=" + run);
        assertThat(list.select("#content-list tr[data-id=" + offering + "] .offer-sends-expired").text())
                .isEqualTo("its offer sends 'Guide " + run + "', which expired");
        assertThat(list.select("#content-list tr[data-id=" + guide + "] .offer-sends-expired")).isEmpty();
    }

    @Test
    void anOfferWhosePieceStaysValidAsLongAsTheOfferingPieceIsNotWarnedOf() throws Exception {
        Instant end = clock.instant().plus(Duration.ofDays(30));
        long guide = create(guide("Fresh guide " + run, end));

        List<String> warnings = warnings(api.post("/api/v1/content", paper("Fresh paper " + run, guide)
                .put("validUntil", end.toString()).toString()));

        assertThat(warnings).noneSatisfy(w -> assertThat(w).startsWith("offer:"));
        assertThat(page("/ui/content/" + guide).getElementById("offered-expired")).isNull();
        assertThat(page("/ui/content/new").select("#c-offer-sends option").eachText())
                .contains("Fresh guide " + run + " (white paper)");
    }

    @Test
    void anOfferWhosePieceExpiresBeforeTheOfferingPieceIsWarnedOfAheadAndThePickerMarksAnExpiredPiece()
            throws Exception {
        long guide = create(guide("Webinar seat " + run, clock.instant().plus(Duration.ofDays(30))));
        create(guide("Old seat " + run, clock.instant().minus(Duration.ofDays(1))));

        ObjectNode invitation = paper("Invitation " + run, guide);
        List<String> warnings = warnings(api.post("/api/v1/content", invitation.toString()));
        long offering = json(api.post("/api/v1/content", invitation.put("name", "Invitation two " + run).toString()))
                .get("id").asLong();

        assertThat(warnings).anySatisfy(w -> assertThat(w)
                .startsWith("offer: the piece it sends, 'Webinar seat " + run + "', expires on ")
                .contains("while this piece has no valid-until date")
                .endsWith("give this piece the same valid-until date, or point the offer at another piece"));
        assertThat(page("/ui/content/" + offering).getElementById("offer-sends-expired").text())
                .contains("'Webinar seat " + run + "', expires on ");
        assertThat(page("/ui/content/new").select("#c-offer-sends option").eachText())
                .contains("Old seat " + run + " (white paper, expired: sends nothing)",
                        "Webinar seat " + run + " (white paper)");
    }

    private ObjectNode guide(String name, Instant validUntil) {
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", name).put("type", "WHITE_PAPER")
                .put("status", "LIVE").put("validUntil", validUntil.toString());
        piece.putArray("topics").add(run);
        piece.putObject("variants").putObject("email").put("subject", name).put("html", "<p>The guide.</p>");
        return piece;
    }

    private ObjectNode paper(String name, long sends) {
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", name).put("type", "ARTICLE")
                .put("status", "LIVE");
        piece.putArray("topics").add(run);
        piece.putObject("offer").put("key", "guide").put("label", "Send me the guide").put("sends", sends);
        piece.putObject("variants").putObject("email").put("subject", name).put("html", "<p>Take the guide.</p>");
        return piece;
    }

    private long create(ObjectNode piece) throws Exception {
        return json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated())).get("id").asLong();
    }

    private static List<String> warnings(org.springframework.test.web.servlet.ResultActions saved) throws Exception {
        JsonNode body = json(saved);
        List<String> warnings = new java.util.ArrayList<>();
        body.get("warnings").forEach(w -> warnings.add(w.asString()));
        return warnings;
    }

    private Document page(String path) throws Exception {
        return Jsoup.parse(api.mvc().perform(get(path).with(user(api.sessionUser(Role.MARKETER))
                .roles(Role.MARKETER.name()))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }
}
