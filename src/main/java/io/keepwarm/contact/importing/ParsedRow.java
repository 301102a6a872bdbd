package io.keepwarm.contact.importing;

import io.keepwarm.contact.ContactInput;

/** One row of an import file: a contact to write, or a line we could not read, with why. */
public sealed interface ParsedRow {

    /** The 1-based physical line the row starts on, so the user can find it in the file. */
    long line();

    /**
     * A row that could be read; its values are not checked yet.
     *
     * @param stage the lifecycle stage the row gives, as written, or null (a stage is no field of a contact)
     */
    record Good(long line, ContactInput input, String stage) implements ParsedRow {

        public Good(long line, ContactInput input) {
            this(line, input, null);
        }
    }

    /**
     * A row that could not be read.
     *
     * @param email what was readable of the address, for the report; null when nothing was
     */
    record Bad(long line, String reason, String email) implements ParsedRow {}
}
