package io.keepwarm.contact.internal;

import io.keepwarm.contact.ContactInput.CompanyInput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The details of each company an import file names, as its rows give them in file order: the first row that gives a
 * company's industry, size or domain sets it, whatever order the batches are written in, and a later row that says
 * otherwise is told so. Held for the whole file (one entry per company that has a detail, a few hundred bytes), since
 * a row a million lines on must still lose to the first.
 */
final class FileCompanies {

    /** A detail as the file first gave it, and the line that gave it. */
    private record Given(String value, long line) {}

    private static final class Details {
        Given domain;
        Given industry;
        Given size;
    }

    private final Map<String, Details> byKey = new HashMap<>();

    /** A row's company with each detail the file gave first, and what the row said that was not taken. */
    record Settled(CompanyInput company, List<String> notTaken) {}

    Settled settle(CompanyInput company, long line) {
        if (company == null || (company.domain() == null && company.industry() == null && company.size() == null)) {
            return new Settled(company, List.of());
        }
        Details details = byKey.computeIfAbsent(Companies.key(company.name()), key -> new Details());
        List<String> notTaken = new ArrayList<>(0);
        details.domain = settle(details.domain, company.domain(), line, "domain", company.name(), notTaken);
        details.industry = settle(details.industry, company.industry(), line, "industry", company.name(), notTaken);
        details.size = settle(details.size, company.size(), line, "size", company.name(), notTaken);
        return new Settled(new CompanyInput(company.name(), value(details.domain), value(details.industry),
                value(details.size)), notTaken);
    }

    private static Given settle(Given first, String given, long line, String detail, String company,
            List<String> notTaken) {
        if (given == null) {
            return first;
        }
        if (first == null) {
            return new Given(given, line);
        }
        // "HPC" and "hpc" are one industry: the first spelling stays, without a word about it
        if (!first.value().equalsIgnoreCase(given)) {
            notTaken.add("company %s keeps %s %s from line %d; this row said %s".formatted(company, detail,
                    first.value(), first.line(), given));
        }
        return first;
    }

    private static String value(Given given) {
        return given == null ? null : given.value();
    }
}
