package io.keepwarm.contact.importing;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** Streams rows from an import file, one at a time, never holding the whole file. */
public interface RowSource extends Closeable {

    /**
     * The next row, or null at the end of the file.
     *
     * @throws IOException when the file itself cannot be read any more (not for a row that is malformed)
     */
    ParsedRow next() throws IOException;

    /** The names of the file's columns, for the report of rejected rows; null for a file without columns. */
    default List<String> header() {
        return null;
    }

    /**
     * The cells of the row {@link #next()} handed on last, as the file has them, so a rejected row can be given back
     * to be fixed; null when the row could not be read, or the file has no columns.
     */
    default List<String> cells() {
        return null;
    }
}
