package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.segment.Lists;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

/**
 * The list pages as a browser sends them: a refused form comes back as typed with the message beside its field; members
 * added by address or by file are reported row by row as the API reports them; deleting says what it touches first.
 */
@KeepwarmTest
class ListPagesTest {

    @Autowired Api api;
    @Autowired Lists lists;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aListNamedLikeAnotherComesBackWithTheMessageAtTheNameAndWhatWasTypedKept() throws Exception {
        long list = create("Fair " + run);
        assertThat(lists.get(list).name()).isEqualTo("Fair " + run);

        Document again = page(as(Role.MARKETER, post("/ui/lists").param("name", "fair " + run)
                .param("description", "met at the booth")));
        assertThat(FieldMessages.of(again, "list-name")).isEqualTo("A list named 'fair " + run + "' already exists");
        assertThat(again.getElementById("list-name").val()).isEqualTo("fair " + run);
        assertThat(again.getElementById("list-description").val()).isEqualTo("met at the booth");

        Document blank = page(as(Role.MARKETER, post("/ui/lists").param("name", " ")));
        assertThat(FieldMessages.of(blank, "list-name")).isEqualTo("is required, at most 200 characters");
        assertThat(blank.getElementById("form-error").text()).contains("The list was not created");
    }

    @Test
    void theListsPageShowsEachListWithItsMemberCountAndHowARuleNamesIt() throws Exception {
        long list = create("Counted " + run);
        lists.add(list, List.of(contact("one"), contact("two")));

        Element row = page(as(Role.MARKETER, get("/ui/lists"))).selectFirst("tr[data-list=" + list + "]");
        assertThat(row.selectFirst("td.members").text()).isEqualTo("2");
        assertThat(row.text()).contains("Counted " + run, "in_list(" + list + ")");
    }

    @Test
    void addressesTypedInAreAddedAndOneThatNamesNoContactIsReportedInWordsOnThePageTheSaveLeadsTo() throws Exception {
        long list = create("Typed " + run);
        String ada = uniqueEmail("ada");
        long adaId = api.createContact("{\"email\": \"" + ada + "\", \"firstName\": \"Ada\", \"lastName\": \"Lovelace\"}");
        String nobody = "nobody-" + run + "@example.com";

        Document page = followed(post("/ui/lists/" + list + "/members")
                .param("emails", ada.toUpperCase() + ", " + nobody + "\nnot-an-address"), "/ui/lists/" + list);

        assertThat(page.getElementById("report-title").text()).isEqualTo("Added 1 contact");
        assertThat(page.select("#rejected li").eachText()).containsExactly(
                "no contact has the address " + nobody, "'not-an-address' is not an email address");
        Element member = page.selectFirst("#members tr[data-contact=" + adaId + "] a");
        assertThat(member.text()).isEqualTo("Ada Lovelace");
        assertThat(member.attr("href")).isEqualTo("/ui/contacts/" + adaId);

        Document empty = page(as(Role.MARKETER, post("/ui/lists/" + list + "/members").param("emails", " , ")));
        assertThat(FieldMessages.of(empty, "emails")).as("what a screen reader reads with the field")
                .isEqualTo("Type at least one email address; nothing was added.");
    }

    @Test
    void aFileOfMembersReportsEachBadLineWithItsNumberAndAddsTheGoodOnesOnThePageTheUploadLeadsTo() throws Exception {
        long list = create("Booth " + run);
        String ada = uniqueEmail("ada");
        contact(ada);
        String bob = uniqueEmail("bob");
        lists.add(list, List.of(contact(bob)));
        String nobody = "nobody-" + run + "@example.com";
        // as Excel saves it: a byte-order mark before the header
        byte[] csv = ("\uFEFFname,email\nAda," + ada + "\nNo One," + nobody + "\nCy,not-an-address\nBob," + bob + "\n")
                .getBytes(StandardCharsets.UTF_8);

        Document page = followed(multipart("/ui/lists/" + list + "/members/import")
                .file(new MockMultipartFile("file", "booth.csv", "text/csv", csv)), "/ui/lists/" + list);

        assertThat(page.getElementById("report-title").text()).isEqualTo("Added 1 contact");
        assertThat(page.getElementById("already").text()).isEqualTo("1 was a member already.");
        assertThat(page.select("#rejected li").eachText()).containsExactly(
                "line 3: no contact has the address " + nobody, "line 4: 'not-an-address' is not an email address");
        assertThat(lists.get(list).size()).isEqualTo(2);

        Document empty = page(as(Role.MARKETER, multipart("/ui/lists/" + list + "/members/import")
                .file(new MockMultipartFile("file", "empty.csv", "text/csv", new byte[0]))));
        assertThat(FieldMessages.of(empty, "file"))
                .isEqualTo("The file is empty; send a CSV with an 'email' column or one address per line.");
    }

    @Test
    void tickedMembersAreTakenOutAndNoneTickedIsRefusedInWords() throws Exception {
        long list = create("Tidy " + run);
        long stays = contact("stays");
        long goes = contact("goes");
        lists.add(list, List.of(stays, goes));

        Document none = page(as(Role.MARKETER, post("/ui/lists/" + list + "/members/remove")));
        assertThat(none.getElementById("remove-error").text())
                .isEqualTo("Tick the members to take out of the list first; nobody was removed.");

        Document page = followed(post("/ui/lists/" + list + "/members/remove").param("contact", String.valueOf(goes)),
                "/ui/lists/" + list);
        assertThat(page.getElementById("removed").text()).isEqualTo("Took 1 contact out of the list.");
        assertThat(page.select("#members tbody tr").eachAttr("data-contact")).containsExactly(String.valueOf(stays));
    }

    @Test
    void membersBeyondOnePageArePagedIn() throws Exception {
        long list = create("Long " + run);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            ids.add(contact("many" + i));
        }
        lists.add(list, ids);

        Document first = page(as(Role.MARKETER, get("/ui/lists/" + list)));
        assertThat(first.select("#members tbody tr")).hasSize(50);
        Document second = page(as(Role.MARKETER, get(first.getElementById("next-page").attr("href"))));
        assertThat(second.select("#members tbody tr").eachAttr("data-contact")).containsExactly(String.valueOf(ids.getLast()));
        assertThat(second.getElementById("next-page")).isNull();
        assertThat(second.getElementById("first-page").attr("href")).isEqualTo("/ui/lists/" + list);
    }

    @Test
    void aListASegmentNamesIsNotDeletedAndTheConfirmationPageSaysWhichSegmentToChangeFirst() throws Exception {
        long list = create("Named " + run);
        long member = contact("member");
        lists.add(list, List.of(member));
        long segment = json(api.post("/api/v1/segments", "{\"name\": \"from the fair " + run + "\", \"text\": \"in_list("
                + list + ")\"}")).get("id").asLong();

        Document confirm = page(as(Role.MARKETER, get("/ui/lists/" + list + "/delete")));
        assertThat(confirm.getElementById("in-use").text()).contains("in_list(" + list + ")")
                .contains("segment 'from the fair " + run + "'");
        assertThat(confirm.getElementById("delete-form")).isNull();

        // sent all the same (an old page, a second tab): refused, with the module's words
        Document refused = page(as(Role.MARKETER, post("/ui/lists/" + list + "/delete")));
        assertThat(refused.getElementById("delete-error").text()).isEqualTo("List 'Named " + run
                + "' is used by segment 'from the fair " + run + "'; change those first");
        assertThat(lists.get(list).size()).isEqualTo(1);

        api.delete("/api/v1/segments/" + segment);
        confirm = page(as(Role.MARKETER, get("/ui/lists/" + list + "/delete")));
        assertThat(confirm.getElementById("consequence").text()).startsWith("1 contact leaves the list and stays in Keepwarm");
        assertThat(followed(post("/ui/lists/" + list + "/delete"), "/ui/lists").getElementById("deleted").text())
                .isEqualTo("Deleted the list Named " + run + "; its members are still contacts.");
        assertThat(lists.list(null, 1000).items()).noneMatch(l -> l.id() == list);
        api.get("/api/v1/contacts/" + member).andExpect(status().isOk());
    }

    @Test
    void aRepReadsAListAndItsMembersWithoutTheFormsThatChangeIt() throws Exception {
        long list = create("Read only " + run);
        long member = contact("read");
        lists.add(list, List.of(member));

        Document page = page(as(Role.SALES, get("/ui/lists/" + list)));
        assertThat(page.select("#members tbody tr").eachAttr("data-contact")).containsExactly(String.valueOf(member));
        assertThat(page.select("#add-form, #import-form, #remove-button, #delete-link, input[name=contact]")).isEmpty();
        assertThat(page(as(Role.SALES, get("/ui/lists"))).getElementById("list-form")).isNull();
        assertThat(page.select("header nav .links a").eachText()).contains("Lists");
        assertThat(as(Role.SALES, post("/ui/lists/" + list + "/members").param("emails", "x@example.com")).getStatus())
                .isEqualTo(403);
    }

    private long create(String name) throws Exception {
        String created = as(Role.MARKETER, post("/ui/lists").param("name", name)).getRedirectedUrl();
        assertThat(created).matches("/ui/lists/\\d+");
        return Long.parseLong(created.substring("/ui/lists/".length()));
    }

    private long contact(String nameOrEmail) throws Exception {
        String email = nameOrEmail.contains("@") ? nameOrEmail : uniqueEmail(nameOrEmail);
        return api.createContact("{\"email\": \"" + email + "\"}");
    }

    private MockHttpServletResponse as(Role role, AbstractMockHttpServletRequestBuilder<?> request) throws Exception {
        return api.mvc().perform(request.with(user(api.sessionUser(role)).roles(role.name())).with(csrf()))
                .andReturn().getResponse();
    }

    /**
     * A marketer's form sent, and the page its redirect shows with the report it carried: a redirect, so that reloading
     * that page does not ask to send the form again.
     */
    private Document followed(AbstractMockHttpServletRequestBuilder<?> request, String to) throws Exception {
        MvcResult sent = api.mvc().perform(request.with(user(api.sessionUser(Role.MARKETER)).roles(Role.MARKETER.name()))
                .with(csrf())).andReturn();
        assertThat(sent.getResponse().getRedirectedUrl()).isEqualTo(to);
        return page(as(Role.MARKETER, get(to).flashAttrs(sent.getFlashMap())));
    }

    /** The page that came back, which must be one (a refused form is shown again, status 200). */
    private static Document page(MockHttpServletResponse response) throws Exception {
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return Jsoup.parse(response.getContentAsString());
    }
}
