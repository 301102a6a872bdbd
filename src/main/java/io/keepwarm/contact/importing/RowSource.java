package io.keepwarm.contact.importing;

import java.io.Closeable;
import java.io.IOException;

/** Streams rows from an import file, one at a time, never holding the whole file. */
public interface RowSource extends Closeable {

    /**
     * The next row, or null at the end of the file.
     *
     * @throws IOException when the file itself cannot be read any more (not for a row that is malformed)
     */
    ParsedRow next() throws IOException;
}
