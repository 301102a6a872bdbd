package io.keepwarm.engine.web;

import io.keepwarm.engine.Forecast;
import io.keepwarm.engine.Forecasts;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** "Preview for this contact" over HTTP: a dry run, nothing is written. */
@RestController
class ForecastController {

    private final Forecasts forecasts;

    ForecastController(Forecasts forecasts) {
        this.forecasts = forecasts;
    }

    /** What the contact would receive from the program over the next six months under the current caps. */
    @GetMapping("/api/v1/programs/{id}/forecast")
    Forecast forecast(@PathVariable long id, @RequestParam long contact) {
        return forecasts.forecast(id, contact);
    }
}
