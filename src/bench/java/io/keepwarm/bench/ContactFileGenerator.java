package io.keepwarm.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.datafaker.Faker;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a realistic contact list as CSV: names, companies from a pool (as a trade-show list has many people
 * per company), titles, phones, cities, zones and tags. Seeded, so the same size always gives the same file.
 */
final class ContactFileGenerator {

    static final List<String> HEADER = List.of("Email", "First Name", "Last Name", "Company", "Job Title", "Phone",
            "City", "Country", "Time Zone", "Tags");

    private static final List<String> ZONES = List.of("Europe/Berlin", "Europe/London", "America/New_York",
            "America/Chicago", "America/Los_Angeles", "Asia/Tokyo", "Australia/Sydney", "Europe/Paris");
    private static final List<String> TAGS = List.of("hpc", "expo-2026", "webinar", "cold-call", "referral",
            "partner", "lost-deal", "newsletter");

    private ContactFileGenerator() {}

    /** The file for this many rows, generated on first use and kept for later runs. */
    static Path file(Path directory, int rows) throws IOException {
        Path file = directory.resolve("contacts-" + rows + ".csv");
        if (Files.exists(file)) {
            return file;
        }
        Files.createDirectories(directory);
        Path partial = directory.resolve("contacts-" + rows + ".csv.partial");
        Faker faker = new Faker(Locale.ENGLISH, new Random(42));
        String[] companies = new String[Math.max(1, rows / 20)];
        for (int i = 0; i < companies.length; i++) {
            companies[i] = faker.company().name() + " #" + i;
        }
        Random random = new Random(7);
        try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(String[]::new)).get())) {
            for (int i = 0; i < rows; i++) {
                String first = faker.name().firstName();
                String last = faker.name().lastName();
                String email = (first + "." + last + "." + i + "@" + "example" + (i % 97) + ".com")
                        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.@]", "");
                csv.printRecord(email, first, last, companies[random.nextInt(companies.length)], faker.job().title(),
                        "+1 555 " + String.format("%07d", i % 10_000_000), faker.address().city(),
                        faker.address().country(), ZONES.get(random.nextInt(ZONES.size())),
                        TAGS.get(random.nextInt(TAGS.size())));
            }
        }
        Files.move(partial, file);
        return file;
    }
}
