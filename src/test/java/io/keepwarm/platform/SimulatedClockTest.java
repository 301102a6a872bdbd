package io.keepwarm.platform;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@KeepwarmTest
class SimulatedClockTest {

    @Autowired
    Api api;

    @Test
    void anAdminMovesTheClockAndNewDataCarriesTheNewTime() throws Exception {
        Instant before = Instant.parse(json(api.get("/api/v1/admin/clock")).get("now").asString());
        api.post("/api/v1/admin/clock", "{\"advance\": \"P30D\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.now").value(before.plus(Duration.ofDays(30)).toString()));
        long id = api.createContact("{\"email\": \"%s\"}".formatted(Api.uniqueEmail("later")));
        assertThat(json(api.get("/api/v1/contacts/" + id)).get("createdAt").asString())
                .isEqualTo(before.plus(Duration.ofDays(30)).toString());

        api.post("/api/v1/admin/clock", "{\"set\": \"2031-01-01T09:00:00Z\"}")
                .andExpect(jsonPath("$.now").value("2031-01-01T09:00:00Z"));
    }

    @Test
    void refusesAmbiguousOrBackwardMoves() throws Exception {
        api.post("/api/v1/admin/clock", "{}").andExpect(status().isBadRequest());
        api.post("/api/v1/admin/clock", "{\"advance\": \"P1D\", \"set\": \"2031-01-01T09:00:00Z\"}")
                .andExpect(status().isBadRequest());
        api.post("/api/v1/admin/clock", "{\"advance\": \"-P1D\"}").andExpect(status().isBadRequest());
        api.post("/api/v1/admin/clock", "{\"advance\": \"a month\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("advance"));
    }
}
