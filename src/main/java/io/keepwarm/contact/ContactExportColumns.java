package io.keepwarm.contact;

import java.util.List;
import java.util.Map;

/**
 * Columns another module adds to the contacts CSV export (the stage, the score and grade), read for a page of
 * contacts at once, so a large export makes one query per page and module, never one per contact. The contact module
 * knows no implementation, and the importer reads none of these columns back: they are changed through their module.
 */
public interface ContactExportColumns {

    /** The headers of the columns, in order. */
    List<String> headers();

    /** The cells of each of these contacts, by contact id, in the order of {@link #headers()}. */
    Map<Long, List<Object>> cells(List<Long> contactIds);
}
