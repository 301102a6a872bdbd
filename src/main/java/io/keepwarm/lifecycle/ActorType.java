package io.keepwarm.lifecycle;

/** Who moved a contact: a person (USER in the UI, API through a key) or something automatic. */
public enum ActorType {
    USER(true),
    API(true),
    PROGRAM(false),
    TRIGGER(false),
    SYSTEM(false);

    private final boolean person;

    ActorType(boolean person) {
        this.person = person;
    }

    /** Whether a person stands behind the move (a user, or an integrator's call), as opposed to a rule. */
    public boolean person() {
        return person;
    }
}
