package io.keepwarm.platform;

import java.util.function.Supplier;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The name of whoever is acting: the program or trigger whose work runs on this thread ({@link #actingAs}), else a
 * user, an API key, or the system itself. Every record of who did something asks here, so the audit log, a task's
 * "ended by", a hand-off's "decided by" and the rest name the same actor.
 */
public final class Actors {

    /**
     * Who the work running on this thread acts for, when that is a program or a trigger rather than whoever's request
     * or job runs it: the modules its steps and actions go through know no program, and ask {@link #current}.
     */
    private static final ThreadLocal<String> ACTING_FOR = new ThreadLocal<>();

    /** Keepwarm itself: a job's actor, whoever's request set it going. */
    public static final String SYSTEM = "system";

    private Actors() {}

    public static String current() {
        String acting = ACTING_FOR.get();
        return acting != null ? acting : authenticated();
    }

    /**
     * Runs a program's step or a trigger's action with everything it records, through whichever module, made by that
     * actor ("program:7", "trigger:3"), not by the API key or user whose request happened to set it going; the actor
     * before is put back afterwards.
     */
    public static <T> T actingAs(String actor, Supplier<T> work) {
        String before = ACTING_FOR.get();
        ACTING_FOR.set(actor);
        try {
            return work.get();
        } finally {
            if (before == null) {
                ACTING_FOR.remove();
            } else {
                ACTING_FOR.set(before);
            }
        }
    }

    /**
     * The user, API key or system whose request or job this thread runs, whatever program or trigger it acts for: whom
     * a permission is checked for, where {@link #current} is whom a record names.
     */
    public static String authenticated() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null || auth.getName() == null ? SYSTEM : auth.getName();
    }
}
