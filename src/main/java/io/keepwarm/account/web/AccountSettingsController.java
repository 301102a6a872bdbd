package io.keepwarm.account.web;

import io.keepwarm.account.AccountSettings;
import java.time.format.DateTimeFormatter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The account's time zone, calling hours and default language over HTTP. */
@RestController
@RequestMapping("/api/v1/account/settings")
class AccountSettingsController {

    /** The settings as answered and as typed: an IANA zone, times of day as HH:MM, an ISO 639-1 language. */
    record SettingsBody(String timeZone, String callingFrom, String callingUntil, String language) {

        static SettingsBody of(AccountSettings.Settings s) {
            DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
            return new SettingsBody(s.timeZone().getId(), hhmm.format(s.callingFrom()), hhmm.format(s.callingUntil()),
                    s.language());
        }
    }

    private final AccountSettings settings;

    AccountSettingsController(AccountSettings settings) {
        this.settings = settings;
    }

    @GetMapping
    SettingsBody current() {
        return SettingsBody.of(settings.current());
    }

    /** Each value given replaces that setting; the rest stay. */
    @PutMapping
    SettingsBody change(@RequestBody AccountSettings.Change change) {
        return SettingsBody.of(settings.change(change));
    }
}
