package io.keepwarm.lifecycle;

import java.util.Collection;
import java.util.Map;

/**
 * Something above the lifecycle that keeps contacts in their stage against automatic moves: programs, triggers and
 * jobs leave a held contact where it is (a rep deciding its hand-off), a person's move goes through. Implemented by
 * the module that holds, so the lifecycle asks without depending on it.
 */
public interface StageHolds {

    /** Of these contacts, those held now, each with why, in words for whoever is refused. */
    Map<Long, String> held(Collection<Long> contactIds);
}
