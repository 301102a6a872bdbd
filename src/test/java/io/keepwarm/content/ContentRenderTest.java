package io.keepwarm.content;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ContactInput;
import io.keepwarm.contact.Contacts;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.support.KeepwarmTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What the engine gets from {@link ContentLibrary#render}: its own links, the owner's name, one channel at a time. */
@KeepwarmTest
class ContentRenderTest {

    @Autowired ContentLibrary library;
    @Autowired Contacts contacts;
    @Autowired Users users;
    @Autowired AuditLog audit;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void theEngineRendersOneChannelWithItsOwnLinksAndTheOwnersName() {
        var rep = users.create(new Users.NewUser("rep-" + run, "Rita Rep", "rita@example.com", Role.SALES,
                "a-long-enough-password"));
        long contact = contacts.upsert(new ContactInput(uniqueEmail("owned"), "Olga", null, null, null, null, null, null,
                null, null, null, String.valueOf(rep.id()), null, null, null, null, null, null)).contact().id();
        ContentItem item = library.create(new ContentDraft("Check-in " + run, ContentType.CHECK_IN, List.of("check-in"),
                List.of(), List.of(), "en", ContentStatus.LIVE, null, new ContentItem.Offer("call-back", "Yes, call me"),
                Map.of("contact.first_name", "there", "owner.name", "the team"),
                new ContentDraft.Variants(new ContentDraft.Email("Still a good time, {{ contact.first_name }}?",
                        "<p>{{ owner.name }} here.</p><p><a href=\"{{ content.offer_url }}\">{{ content.offer_label }}</a>"
                                + " or <a href=\"{{ links.unsubscribe_url }}\">stop these</a></p>", null),
                        new ContentItem.Phone("Hi {{ contact.first_name }}, {{ owner.name }} calling.")))).item();
        Links links = new Links(null, "https://kw.example/o/signed?a=1&b=2", "https://kw.example/u/signed", "https://kw.example/p");

        Rendered email = library.render(item.id(), contact, Channel.EMAIL, links);
        assertThat(email.subject()).isEqualTo("Still a good time, Olga?");
        assertThat(email.html()).isEqualTo("<p>Rita Rep here.</p><p><a href=\"https://kw.example/o/signed?a=1&amp;b=2\">Yes,"
                + " call me</a> or <a href=\"https://kw.example/u/signed\">stop these</a></p>");
        assertThat(email.text()).isEqualTo("Rita Rep here.\n\nYes, call me (https://kw.example/o/signed?a=1&b=2) or stop"
                + " these (https://kw.example/u/signed)");
        assertThat(email.script()).isNull();
        assertThat(library.render(item.id(), contact, Channel.PHONE, links))
                .isEqualTo(new Rendered(null, null, null, "Hi Olga, Rita Rep calling."));
        assertThat(audit.list("content", String.valueOf(item.id()), null, null, 10).items())
                .extracting(AuditLog.Entry::action).containsExactly("CONTENT_CREATED");
    }

    @Test
    void aNameOfOnlyNoBreakSpacesTakesTheFallbackNotADearBlank() {
        long contact = contacts.upsert(new ContactInput(uniqueEmail("nbsp"), "\u00A0\u200B", null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null)).contact().id();
        ContentItem item = library.create(new ContentDraft("Spaces " + run, ContentType.ARTICLE, List.of(), List.of(),
                List.of(), "en", ContentStatus.LIVE, null, null, Map.of("contact.first_name", "there"),
                new ContentDraft.Variants(new ContentDraft.Email("Dear {{ contact.first_name }},", "<p>Hi</p>", null), null))).item();

        assertThat(library.render(item.id(), contact, Channel.EMAIL, new Links(null, null, "https://kw.example/u",
                "https://kw.example/p")).subject()).isEqualTo("Dear there,");
    }

    @Test
    void theEngineGivesANamelessContactTheElseBranchAndANamedOneTheirName() {
        long nameless = contacts.upsert(new ContactInput(uniqueEmail("noname"), "\u00A0", null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null)).contact().id();
        long named = contacts.upsert(new ContactInput(uniqueEmail("named"), "Nia", null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null)).contact().id();
        ContentItem item = library.create(new ContentDraft("Branches " + run, ContentType.ARTICLE, List.of(), List.of(),
                List.of(), "en", ContentStatus.LIVE, null, null, Map.of("contact.first_name", "there"),
                new ContentDraft.Variants(new ContentDraft.Email(
                        "{% if contact.first_name %}Hi {{ contact.first_name }}{% else %}Hello{% endif %}",
                        "<p>Dear {{ contact.first_name }},</p>", null),
                        new ContentItem.Phone("{% unless contact.first_name %}Who am I speaking to?{% endunless %}"))))
                .item();
        Links links = new Links(null, null, "https://kw.example/u", "https://kw.example/p");

        Rendered toNobody = library.render(item.id(), nameless, Channel.EMAIL, links);
        assertThat(toNobody.subject()).isEqualTo("Hello");
        assertThat(toNobody.html()).as("a plain output still shows the fallback").isEqualTo("<p>Dear there,</p>");
        assertThat(library.render(item.id(), nameless, Channel.PHONE, links).script())
                .isEqualTo("Who am I speaking to?");
        assertThat(library.render(item.id(), named, Channel.EMAIL, links).subject()).isEqualTo("Hi Nia");
        assertThat(library.render(item.id(), named, Channel.PHONE, links).script()).isEmpty();
    }

    @Test
    void everyVariableATemplateMayNameRendersItsOwnValue() {
        var rep = users.create(new Users.NewUser("owner-" + run, "Oscar Owner", "oscar-" + run + "@example.com", Role.SALES,
                "a-long-enough-password"));
        jdbc.sql("UPDATE users SET job_title = 'Head of Sales', phone = '+49 30 7654321' WHERE id = ?").param(rep.id())
                .update();
        long id = contacts.upsert(new ContactInput(uniqueEmail("every"), "Vera", "Voss", "+49 30 1234567", "CTO",
                new ContactInput.CompanyInput("Voss GmbH " + run, "voss-" + run + ".example", "HPC", "51-200"), "DE", "BE",
                "Berlin", "Europe/Berlin", null, String.valueOf(rep.id()), null, null, null, null, null, null)).contact().id();
        // The caller is a call script's alone (aCallScriptNamesWhoeverCallsAndTheContactsOwner).
        String text = String.join("|", library.variables().stream().filter(path -> !path.startsWith("caller."))
                .map(path -> "{{ " + path + " }}").toList());
        ContentItem item = library.create(new ContentDraft("Every variable " + run, ContentType.ARTICLE, List.of(), List.of(),
                List.of(), "en", ContentStatus.LIVE, "https://example.com/landing", new ContentItem.Offer("call-back", "Yes, call me"),
                library.fallbackVariables().stream().collect(java.util.stream.Collectors.toMap(path -> path, path -> "unused")),
                new ContentDraft.Variants(new ContentDraft.Email("All of them", "<p>" + text + "</p>", text), null))).item();
        Links links = new Links("https://kw.example/l", "https://kw.example/o", "https://kw.example/u", "https://kw.example/p");

        var contact = contacts.get(id);
        String expected = String.join("|", contact.firstName(), contact.lastName(), contact.email(), contact.phone(), "CTO",
                "Berlin", "BE", "DE", "Europe/Berlin", "Voss GmbH " + run, "HPC", "voss-" + run + ".example", "51-200",
                "Oscar Owner", "oscar-" + run + "@example.com", "Head of Sales", "+49 30 7654321", "Every variable " + run, "https://kw.example/l",
                "https://kw.example/o", "Yes, call me", "https://kw.example/u", "https://kw.example/p")
                // Then the custom attributes (contact.birthday, …), which this contact holds none of: their defaults.
                + "|unused".repeat(library.customAttributes().paths().size());
        Rendered email = library.render(item.id(), id, Channel.EMAIL, links);
        assertThat(email.text()).isEqualTo(expected);
        assertThat(email.html()).isEqualTo("<p>" + expected + "</p>");
    }

    @Test
    void aCallScriptNamesWhoeverCallsAndTheContactsOwner() {
        var owner = users.create(new Users.NewUser("owner-" + run, "Oscar Owner", "oscar-" + run + "@example.com",
                Role.SALES, "a-long-enough-password"));
        var standIn = users.create(new Users.NewUser("stand-in-" + run, "Sam Standin", "sam-" + run + "@example.com",
                Role.SALES, "a-long-enough-password"));
        jdbc.sql("UPDATE users SET job_title = 'Inside sales', phone = '+49 30 2222' WHERE id = ?").param(standIn.id())
                .update();
        long id = contacts.upsert(new ContactInput(uniqueEmail("called"), "Vera", null, null, null, null, null, null,
                null, "UTC", null, String.valueOf(owner.id()), null, null, null, null, null, null)).contact().id();
        String script = "{{ caller.name }}|{{ caller.first_name }}|{{ caller.email }}|{{ caller.title }}|"
                + "{{ caller.phone }}|{{ owner.name }}";
        ContentItem item = library.create(new ContentDraft("Who calls " + run, ContentType.CALL_SCRIPT, null, null,
                null, null, ContentStatus.LIVE, null, null, Map.of("caller.name", "a colleague", "caller.first_name",
                        "a colleague", "caller.email", "sales@example.com", "caller.title", "sales", "caller.phone",
                        "our number", "owner.name", "your manager"),
                new ContentDraft.Variants(null, new ContentItem.Phone(script)))).item();
        Links links = new Links(null, null, "u", "p");

        assertThat(library.callScript(item, contacts.get(id), owner, users.find(standIn.id()).orElseThrow(),
                library.customAttributes(), links))
                .isEqualTo("Sam Standin|Sam|sam-" + run + "@example.com|Inside sales|+49 30 2222|Oscar Owner");
        assertThat(library.callScript(item, contacts.get(id), owner, null, library.customAttributes(), links))
                .as("a call nobody holds yet").isEqualTo("a colleague|a colleague|sales@example.com|sales|our number"
                        + "|Oscar Owner");
        assertThat(library.render(item.id(), id, Channel.PHONE, links).script()).as("the owner calls unless someone"
                + " stands in").startsWith("Oscar Owner|Oscar|oscar-" + run + "@example.com|sales|our number|");
        assertThatThrownBy(() -> library.create(new ContentDraft("Caller by email " + run, ContentType.ARTICLE, null,
                null, null, null, null, null, null, Map.of("caller.name", "us"), new ContentDraft.Variants(
                        new ContentDraft.Email("Hi", "<p>{{ caller.name }}</p>", null), null))))
                .hasMessageContaining("'caller.name' is not a variable here: it is the rep who makes a call, whom only"
                        + " a call script (variants.phone.script) names");
    }

    @Test
    void aChannelWithoutAVariantIsAConflict() {
        ContentItem item = library.create(new ContentDraft("Script only " + run, ContentType.CALL_SCRIPT, null, null,
                null, null, null, null, null, null, new ContentDraft.Variants(null, new ContentItem.Phone("Hello!")))).item();
        long contact = contacts.upsert(new ContactInput(uniqueEmail("nobody"), null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null)).contact().id();

        assertThatThrownBy(() -> library.render(item.id(), contact, Channel.EMAIL, new Links(null, null, "u", "p")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("has no EMAIL variant");
    }
}
