package io.keepwarm.segment.internal;

import io.keepwarm.platform.Regions;
import io.keepwarm.segment.Operator;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Rule.Literal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the segment editor says of a region a rule names that names several places, as the territory form says it
 * ({@link Regions#severalPlaces}): "Georgia" (the country, and the US state), "WA" (Washington, Western Australia),
 * "BY" (the country Belarus's code, and Bavaria's in Germany). The rule is read all the same ({@link RegionValue}); the
 * words say how, and how to name one place alone.
 */
public final class RegionWarnings {

    private RegionWarnings() {}

    /** The warnings for the regions compared for equality in this rule (not in the segments it names), each once. */
    public static List<String> of(Rule rule) {
        Set<String> values = new LinkedHashSet<>();
        collect(rule, values);
        List<String> warnings = new ArrayList<>();
        for (String value : values) {
            String warning = of(value);
            if (warning != null) {
                warnings.add(warning);
            }
        }
        return warnings;
    }

    /** The warning for one region value, null when it names one place or none. */
    static String of(String value) {
        String text = value.strip();
        List<Regions.Place> places = new ArrayList<>(Regions.places(text));
        // A segment's region is never a country, so a country's code is also every state of that code ("BY": Bavaria).
        if (places.size() == 1 && places.getFirst().isCountry()) {
            places.addAll(Regions.withCode(text));
        }
        // several countries alone ("Congo") are none of a region's places: the words are read as they are
        if (places.size() < 2 || places.stream().allMatch(Regions.Place::isCountry)) {
            return null;
        }
        String regions = places.stream().filter(p -> !p.isCountry())
                .map(p -> p.said() + " for " + p.code().substring(0, 2) + " contacts")
                .collect(Collectors.joining(", "));
        return Regions.severalPlaces(text, places, "a region condition reads it in each contact's own country, so it"
                + " finds " + regions + ", and these words in any other contact's region", "",
                p -> p.isCountry() ? "country = \"" + p.code() + "\"" : "region = \"" + p.code() + "\"");
    }

    private static void collect(Rule rule, Set<String> values) {
        switch (rule) {
            case Rule.All all -> all.rules().forEach(r -> collect(r, values));
            case Rule.Any any -> any.rules().forEach(r -> collect(r, values));
            case Rule.Not not -> collect(not.rule(), values);
            case Rule.Compare c when c.field().strip().equals("region")
                    && (c.op() == Operator.EQ || c.op() == Operator.NE || c.op() == Operator.IN) ->
                c.values().stream().filter(v -> v instanceof Literal.Text).map(v -> ((Literal.Text) v).value())
                        .forEach(values::add);
            default -> { }
        }
    }
}
