package io.keepwarm.contact;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.platform.Page;
import io.keepwarm.support.MigrationDatabase;
import io.keepwarm.support.SortedContacts;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Paging the contact list in any order, a page of any size at a time, meets every contact once, in the order of the
 * whole list sorted as a person states it: with many ties, and many without a last name, a company or a score.
 * On the database of the run (a schema of its own on PostgreSQL).
 */
@Tag("db")
class ContactSortPropertyTest {

    private static final MigrationDatabase DB = new MigrationDatabase("contact_sort_property");
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final List<String> COMPANIES = List.of("Acme", "Beta", "acme two", "Ćeta");

    /** One contact as the property makes it; null for what it lacks. */
    record Person(String lastName, String firstName, Integer company, Long score, int updated, int created) {}

    @BeforeContainer
    static void migrate() {
        DB.startAt("latest");
    }

    @Property(tries = 60)
    void pagingWithAnySortVisitsEveryContactOnceInTheOrderOfTheWholeListSorted(
            @ForAll("people") List<Person> people, @ForAll ContactSort.Key key, @ForAll boolean descending,
            @ForAll @IntRange(min = 1, max = 6) int limit) {
        List<SortedContacts.Item> items = store(people);
        ContactSort sort = new ContactSort(key, descending);

        List<Long> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Long> page = sort.page(DB.jdbc(), "FROM contacts c", "1 = 1", Map.of(), cursor, limit);
            assertThat(page.items().size()).isLessThanOrEqualTo(limit);
            paged.addAll(page.items());
            cursor = page.nextCursor();
            assertThat(++pages).as("pages end").isLessThanOrEqualTo(people.size() + 1);
        } while (cursor != null);

        List<Long> expected = SortedContacts.order(items, sort);
        assertThat(paged).isEqualTo(expected);
        assertThat(sort.page(DB.jdbc(), "FROM contacts c", "1 = 1", Map.of(), null, 500).items()).isEqualTo(expected);
    }

    @Provide
    Arbitrary<List<Person>> people() {
        Arbitrary<String> names = Arbitraries.of("Ames", "ames", "Åmes", "Bell", "bell", "Ćurie", "B").injectNull(0.3);
        Arbitrary<String> firsts = Arbitraries.of("Ada", "ada", "Ann", "Émile").injectNull(0.3);
        Arbitrary<Integer> companies = Arbitraries.integers().between(0, COMPANIES.size() - 1).injectNull(0.3);
        Arbitrary<Long> scores = Arbitraries.of(0L, 5L, 10L).injectNull(0.3);
        Arbitrary<Integer> minutes = Arbitraries.integers().between(0, 3);
        return Combinators.combine(names, firsts, companies, scores, minutes, minutes).as(Person::new).list()
                .ofMaxSize(25);
    }

    private static List<SortedContacts.Item> store(List<Person> people) {
        var jdbc = DB.jdbc();
        jdbc.sql("DELETE FROM contact_scores").update();
        jdbc.sql("DELETE FROM contacts").update();
        jdbc.sql("DELETE FROM companies").update();
        List<Long> companyIds = new ArrayList<>();
        for (String name : COMPANIES) {
            jdbc.sql("INSERT INTO companies (name, name_key, created_at) VALUES (?, ?, ?)")
                    .params(name, name + "-" + companyIds.size(), T0.atOffset(ZoneOffset.UTC)).update();
            companyIds.add(jdbc.sql("SELECT id FROM companies WHERE name = ?").param(name).query(Long.class).single());
        }
        List<SortedContacts.Item> items = new ArrayList<>();
        for (int i = 0; i < people.size(); i++) {
            Person p = people.get(i);
            // Addresses in an order of their own, with ties of nothing (they are unique) but not in id order.
            String email = (char) ('a' + (i * 7) % 26) + "" + i + "@example.com";
            Long companyId = p.company() == null ? null : companyIds.get(p.company());
            Instant updated = T0.plusSeconds(60L * p.updated());
            Instant created = T0.plusSeconds(60L * p.created());
            jdbc.sql("""
                    INSERT INTO contacts (email, first_name, last_name, company_id, time_zone, source, validity,
                                          created_at, updated_at)
                    VALUES (?, ?, ?, ?, 'UTC', 'API', 'VALID', ?, ?)""")
                    .params(email, p.firstName(), p.lastName(), companyId, created.atOffset(ZoneOffset.UTC),
                            updated.atOffset(ZoneOffset.UTC)).update();
            long id = jdbc.sql("SELECT id FROM contacts WHERE email = ?").param(email).query(Long.class).single();
            if (p.score() != null) {
                jdbc.sql("INSERT INTO contact_scores (contact_id, score, updated_at) VALUES (?, ?, ?)")
                        .params(id, p.score(), T0.atOffset(ZoneOffset.UTC)).update();
            }
            items.add(new SortedContacts.Item(id, p.lastName(), p.firstName(), email,
                    p.company() == null ? null : COMPANIES.get(p.company()), companyId, p.score(), updated, created));
        }
        return items;
    }
}
