package io.keepwarm.support;

import io.keepwarm.contact.ContactSort;
import io.keepwarm.platform.Folding;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The contact list's orders as a person states them, in Java: what {@link ContactSort}'s paging must agree with.
 * Names and companies compare folded (case and accents ignored); no last name, no company and no score come last in
 * both directions; the id breaks ties, in the list's direction.
 */
public final class SortedContacts {

    /** What a sort reads of a contact. */
    public record Item(long id, String lastName, String firstName, String email, String company, Long companyId, Long score,
            Instant updatedAt, Instant createdAt) {}

    private SortedContacts() {}

    public static List<Long> order(List<Item> items, ContactSort sort) {
        return items.stream().sorted(comparator(sort)).map(Item::id).toList();
    }

    public static Comparator<Item> comparator(ContactSort sort) {
        return switch (sort.key()) {
            case ID -> directed(Comparator.comparingLong(Item::id), sort);
            case LAST_NAME -> missingLast(i -> fold(i.lastName()), directed(Comparator.comparing(
                    (Item i) -> fold(i.lastName())).thenComparing(i -> firstName(i)).thenComparingLong(Item::id), sort),
                    directed(Comparator.comparing(SortedContacts::firstName).thenComparingLong(Item::id), sort));
            case EMAIL -> directed(Comparator.comparing(Item::email).thenComparingLong(Item::id), sort);
            case COMPANY -> missingLast(Item::company, directed(Comparator.comparing((Item i) -> fold(i.company()))
                    .thenComparingLong(Item::companyId).thenComparingLong(Item::id), sort), byId(sort));
            case SCORE -> missingLast(Item::score, directed(Comparator.comparingLong(Item::score)
                    .thenComparingLong(Item::id), sort), byId(sort));
            case UPDATED_AT -> directed(Comparator.comparing(Item::updatedAt).thenComparingLong(Item::id), sort);
            case CREATED_AT -> directed(Comparator.comparing(Item::createdAt).thenComparingLong(Item::id), sort);
        };
    }

    private static String firstName(Item item) {
        return item.firstName() == null ? "" : fold(item.firstName());
    }

    private static String fold(String text) {
        return text == null ? null : Folding.fold(text);
    }

    private static Comparator<Item> byId(ContactSort sort) {
        return directed(Comparator.comparingLong(Item::id), sort);
    }

    private static Comparator<Item> directed(Comparator<Item> ascending, ContactSort sort) {
        return sort.descending() ? ascending.reversed() : ascending;
    }

    /** Those with the key in the key's order, then those without it in theirs, whichever the direction. */
    private static Comparator<Item> missingLast(Function<Item, Object> key, Comparator<Item> known,
            Comparator<Item> missing) {
        return (a, b) -> {
            boolean aMissing = key.apply(a) == null;
            boolean bMissing = key.apply(b) == null;
            if (aMissing != bMissing) {
                return aMissing ? 1 : -1;
            }
            return aMissing ? missing.compare(a, b) : known.compare(a, b);
        };
    }
}
