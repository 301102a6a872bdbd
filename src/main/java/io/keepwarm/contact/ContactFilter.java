package io.keepwarm.contact;

import io.keepwarm.platform.InvalidInputException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Which contacts a list shows; null means any.
 *
 * @param q words that each start an email, a first or last name or the company's name, case ignored: "ada
 *     lovelace", "Lovelace, Ada" and "ada acme" all find Ada Lovelace of Acme
 */
public record ContactFilter(String q, String tag, Validity validity, ContactSource source, Long ownerId,
        Long companyId, Instant updatedSince) {

    /** The most words a search takes: more would name no one a person could not find with fewer. */
    public static final int MAX_WORDS = 6;

    /** The words of a search as a person types it, separated by spaces or commas; none for a blank one. */
    public static List<String> words(String q) {
        if (q == null || q.isBlank()) {
            return List.of();
        }
        List<String> words = Arrays.stream(q.strip().split("[\\s,]+")).filter(w -> !w.isEmpty()).toList();
        if (words.size() > MAX_WORDS) {
            throw InvalidInputException.field("q", "search with at most " + MAX_WORDS + " words (of a name, an address"
                    + " or a company), not " + words.size());
        }
        return words;
    }
}
