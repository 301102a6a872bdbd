package io.keepwarm.ui;

import io.keepwarm.contact.Channel;
import io.keepwarm.engine.Candidate;
import io.keepwarm.engine.Pressure;
import io.keepwarm.engine.PressurePolicy;
import io.keepwarm.engine.PressureRules;
import io.keepwarm.engine.Reason;
import io.keepwarm.program.Program;
import io.keepwarm.program.ProgramKind;
import io.keepwarm.program.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Whether a program's nurture email would reach a contact now, asked of the same gates the engine applies when it
 * sends (suppression, consent, do-not-contact, validity), so enrolling one says at once when no email will go out.
 */
@Component
class EmailGate {

    private final Pressure pressure;
    private final PressureRules rules;
    private final Clock clock;

    EmailGate(Pressure pressure, PressureRules rules, Clock clock) {
        this.pressure = pressure;
        this.rules = rules;
        this.clock = clock;
    }

    /** Why the program's email would be withheld from the contact, in words; empty when it would go or it sends none. */
    Optional<String> withheld(Program program, long contactId) {
        if (!sendsEmail(program)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Pressure.Inputs inputs = pressure.inputs(List.of(contactId), now).get(contactId);
        if (inputs == null) {
            return Optional.empty();
        }
        Reason reason = PressurePolicy.gateOnly(new Candidate(contactId, Channel.EMAIL, true, Duration.ZERO, now),
                inputs.facts(), rules.settings());
        // A preferred channel is a preference the program may meet another way; the others stop every email.
        return reason == null || reason == Reason.WRONG_CHANNEL ? Optional.empty() : Optional.of(words(reason));
    }

    private static String words(Reason reason) {
        return switch (reason) {
            case NO_CONSENT -> "email consent is unknown; record their consent on this page, or send them the"
                    + " confirmation email";
            case CONSENT_WITHDRAWN -> "the contact withdrew email consent";
            case DO_NOT_CONTACT -> "the contact is marked do-not-contact by email";
            case SUPPRESSED -> "the address is on the suppression list";
            case INVALID_ADDRESS -> "the address is not valid (bounced, unreachable or left the company)";
            default -> reason.message();
        };
    }

    /** A stream sends email from its pool; a sequence when a step sends or asks by email. */
    private static boolean sendsEmail(Program program) {
        return program.kind() == ProgramKind.STREAM || program.steps().stream().anyMatch(step -> switch (step) {
            case Step.Send send -> send.channel() == Channel.EMAIL;
            case Step.ReadinessCheck check -> true;
            default -> false;
        });
    }
}
