package io.keepwarm.program;

/** Whether a contact who has been through a program may be enrolled again. */
public enum Reenrollment {
    /** Once per contact, ever. */
    NEVER,
    /** Again once the earlier enrollment has ended. */
    AFTER_END
}
