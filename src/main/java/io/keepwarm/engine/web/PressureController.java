package io.keepwarm.engine.web;

import io.keepwarm.engine.FrequencyPreferences;
import io.keepwarm.engine.PressureRules;
import io.keepwarm.engine.PressureSettings;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The account's pressure policy and contacts' own frequency preferences over HTTP. */
@RestController
@RequestMapping("/api/v1")
class PressureController {

    private final PressureRules rules;
    private final FrequencyPreferences preferences;

    PressureController(PressureRules rules, FrequencyPreferences preferences) {
        this.rules = rules;
        this.preferences = preferences;
    }

    @GetMapping("/pressure-policy")
    PressureSettings policy() {
        return rules.settings();
    }

    /** Each part given (caps, hours, optOutCountries, honourPreferredChannel) replaces that part; the rest stays. */
    @PutMapping("/pressure-policy")
    PressureSettings change(@RequestBody PressureRules.Change change) {
        return rules.change(change);
    }

    @GetMapping("/contacts/{id}/frequency")
    FrequencyPreferences.Preference frequency(@PathVariable long id) {
        return preferences.get(id);
    }

    @PutMapping("/contacts/{id}/frequency")
    FrequencyPreferences.Preference setFrequency(@PathVariable long id, @RequestBody FrequencyPreferences.Change change) {
        return preferences.set(id, change);
    }

    @DeleteMapping("/contacts/{id}/frequency")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void clearFrequency(@PathVariable long id) {
        preferences.clear(id);
    }
}
