package io.keepwarm.bench;

import java.util.Arrays;

/** Runs one bench case: {@code import}, {@code segments}, {@code engine} or {@code mail}, then the database, the size and the rounds. */
public final class Bench {

    private Bench() {}

    public static void main(String[] args) throws Exception {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args.length == 0 ? "import" : args[0]) {
            case "import" -> ImportBench.main(rest);
            case "segments" -> SegmentBench.main(rest);
            case "engine" -> EngineBench.main(rest);
            case "mail" -> MailBench.main(rest);
            default -> throw new IllegalArgumentException("no bench case '" + args[0] + "'; use import, segments, engine or mail");
        }
    }
}
