package io.keepwarm.contact;

/**
 * A contact was erased, in the transaction that deleted them: a module that keeps anything of theirs outside the
 * database (a cache) forgets it once that transaction commits, as the database has by then.
 */
public record ContactErased(long contactId) {}
