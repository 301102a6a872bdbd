package io.keepwarm.account.internal;

import io.keepwarm.account.AccountSettings;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.Languages;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The configuration's account settings (keepwarm.account.*): the account's until an admin saves their own in the app.
 * Checked at start-up, so a bad value fails fast naming its variable.
 */
@ConfigurationProperties("keepwarm.account")
record AccountProperties(@DefaultValue("UTC") String timeZone, @DefaultValue("08:00") String callingFrom,
        @DefaultValue("21:00") String callingUntil, @DefaultValue("en") String language) {

    AccountProperties {
        List<FieldError> problems = AccountSettings.problems(timeZone, callingFrom, callingUntil, language);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(problems.stream().map(p -> "keepwarm.account." + p.field() + " ("
                    + variable(p.field()) + ") " + p.message()).collect(Collectors.joining("; ")));
        }
    }

    AccountSettings.Settings settings() {
        return new AccountSettings.Settings(ZoneId.of(timeZone.strip()), LocalTime.parse(callingFrom.strip()),
                LocalTime.parse(callingUntil.strip()), Languages.code(language).orElseThrow());
    }

    private static String variable(String field) {
        return switch (field) {
            case "timeZone" -> "KEEPWARM_DEFAULT_TIME_ZONE";
            case "callingFrom" -> "KEEPWARM_TASKS_CALLING_FROM";
            case "language" -> "KEEPWARM_DEFAULT_LANGUAGE";
            default -> "KEEPWARM_TASKS_CALLING_UNTIL";
        };
    }
}
