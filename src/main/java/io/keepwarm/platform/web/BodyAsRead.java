package io.keepwarm.platform.web;

import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A JSON request body whose endpoint checks more than a value's type (a name another has, a step that must jump
 * forward, a task's text): taken as {@code @RequestBody BodyAsRead<Draft>}, it reaches the controller even when some of
 * its values cannot be read, so that {@link #checked} answers those values and the endpoint's own mistakes of the rest
 * in one problem. A body read as its type alone is refused before the controller sees it, and a caller who fixed the
 * unreadable values only then met the rest. The stand-ins read in place of the unreadable values (null, zero) never
 * leave this class: {@link #checked} refuses such a body whatever its checks say.
 * The endpoint's own checks are all a body of this kind gets before {@link #checked}: {@code @Valid} is not read.
 */
public final class BodyAsRead<T> {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BodyAsRead.class);

    private final T value;
    private final UnreadableValues unreadable;
    /** Fields whose checks read other fields too, with those fields. */
    private final Map<String, List<String>> dependents;

    private BodyAsRead(T value, UnreadableValues unreadable, Map<String, List<String>> dependents) {
        this.value = value;
        this.unreadable = unreadable;
        this.dependents = dependents;
    }

    static <T> BodyAsRead<T> whole(T value) {
        return new BodyAsRead<>(value, null, Map.of());
    }

    /** {@code value} as read with stand-ins for the {@code unreadable} values; null if the body itself was not read. */
    static <T> BodyAsRead<T> inPart(T value, UnreadableValues unreadable) {
        return new BodyAsRead<>(value, unreadable, Map.of());
    }

    /**
     * The same body, where the checks of {@code field} read the fields {@code on} too: its mistakes are left out when one
     * of those cannot be read, as they are said of a stand-in. Leaving an audience that was given but did not read is
     * not "leaving without an audience"; a variable an unread offer would have given is not "unknown".
     */
    public BodyAsRead<T> dependent(String field, String... on) {
        Map<String, List<String>> more = new LinkedHashMap<>(dependents);
        more.put(field, List.of(on));
        return new BodyAsRead<>(value, unreadable, Map.copyOf(more));
    }

    /**
     * The body, when every value of it reads: the endpoint checks it as it always does (the checks are not run here).
     * Otherwise a refusal ({@link UnreadableValues}) naming each value that cannot be read and, after them, every
     * mistake {@code ownChecks} find in the rest, in the one problem shape of a body's mistakes.
     * A mistake at an unreadable value, inside it or around it ({@code steps} around {@code steps[1]}) is left out: the
     * checks saw only its stand-in, and its own mistake is told. So are those of a {@link #dependent} field.
     *
     * @param ownChecks every mistake the endpoint would find in the body, each at its field, without saving it
     */
    public T checked(Function<? super T, List<FieldError>> ownChecks) {
        if (unreadable == null) {
            return value;
        }
        List<FieldError> mistakes = value == null ? List.of() : mistakes(ownChecks).stream()
                .filter(mistake -> !unread(mistake.field()) && !readsUnread(mistake.field()))
                .toList();
        if (mistakes.isEmpty()) {
            throw unreadable;
        }
        throw new UnreadableValues(unreadable.values(), mistakes, unreadable.getCause());
    }

    private List<FieldError> mistakes(Function<? super T, List<FieldError>> ownChecks) {
        try {
            return ownChecks.apply(value);
        } catch (InvalidInputException refused) {
            return refused.errors();
        } catch (RuntimeException stumbled) {
            // A check that cannot take a stand-in (a null where it never meets one): the unreadable values alone are
            // still the answer a caller can act on.
            log.warn("The checks of a body that did not read whole failed; answering its unreadable values alone",
                    stumbled);
            return List.of();
        }
    }

    /** Whether {@code field} is an unreadable value, inside one or around one. */
    private boolean unread(String field) {
        return unreadable.values().stream().anyMatch(v -> related(field, v.at()));
    }

    /** Whether {@code field} is a dependent field (or inside one) of which a field it reads cannot be read. */
    private boolean readsUnread(String field) {
        return dependents.entrySet().stream()
                .anyMatch(d -> related(field, d.getKey()) && d.getValue().stream().anyMatch(this::unread));
    }

    private static boolean related(String a, String b) {
        return WholeBodyConverter.within(a, b) || WholeBodyConverter.within(b, a);
    }
}
