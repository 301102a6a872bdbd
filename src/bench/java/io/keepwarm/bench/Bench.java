package io.keepwarm.bench;

import java.util.Arrays;

/** Runs one bench case: {@code import}, {@code segments}, {@code engine}, {@code forecast}, {@code mail}, {@code tracking} or {@code events}, then the database, the size and the rounds. */
public final class Bench {

    private Bench() {}

    public static void main(String[] args) throws Exception {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args.length == 0 ? "import" : args[0]) {
            case "import" -> ImportBench.main(rest);
            case "segments" -> SegmentBench.main(rest);
            case "engine" -> EngineBench.main(rest);
            case "forecast" -> ForecastBench.main(rest);
            case "mail" -> MailBench.main(rest);
            case "events" -> EventBench.main(rest);
            case "tracking" -> TrackingBench.main(new String[] {rest.length > 0 ? rest[0] : "h2", rest.length > 1 ? rest[1] : "30000"});
            default -> throw new IllegalArgumentException("no bench case '" + args[0] + "'; use import, segments, engine, forecast, mail, tracking or events");
        }
    }
}
