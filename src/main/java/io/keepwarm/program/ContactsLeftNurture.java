package io.keepwarm.program;

import io.keepwarm.lifecycle.Stage;
import java.util.List;

/**
 * These contacts entered a stage that takes them out of nurture (see {@link Enrollments#takesOutOfNurture}): their
 * enrollments have ended, and what their programs left waiting for them goes too. Published in the move's transaction.
 */
public record ContactsLeftNurture(Stage stage, List<Long> contactIds) {

    public ContactsLeftNurture {
        contactIds = List.copyOf(contactIds);
    }
}
