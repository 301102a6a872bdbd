package io.keepwarm.contact;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A duplicate is about to be merged into the survivor and deleted. Published inside the merge's transaction
 * before the delete, so modules that keep rows for contacts move them to the survivor instead of losing them.
 */
public record ContactsMerged(long survivorId, long mergedId) {

    /**
     * Gives the survivor every row of these tables (each with a {@code contact_id}) that was the duplicate's: for a
     * module's history kept as it is, with nothing unique per contact to clash.
     */
    public void moveRows(JdbcClient jdbc, String... tables) {
        for (String table : tables) {
            jdbc.sql("UPDATE " + table + " SET contact_id = ? WHERE contact_id = ?").params(survivorId, mergedId).update();
        }
    }
}
