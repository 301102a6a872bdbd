package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.identity.Role;
import io.keepwarm.identity.Users;
import io.keepwarm.support.CleanDatabase;
import io.keepwarm.support.TestDatabase;
import io.keepwarm.support.TestPasswords;
import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A file over the upload limit, sent to a real server (the servlet container enforces the limit while it reads the
 * body, which MockMvc does not): the person is told the limit and what to do, and the upload page states the limit
 * beforehand. The limit is small here so that the test sends kilobytes, not a gigabyte.
 */
@Tag("db")
@ExtendWith(TestDatabase.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.servlet.multipart.max-file-size=4KB")
@ActiveProfiles(resolver = TestDatabase.class)
@Import({CleanDatabase.class, TestPasswords.class})
class UploadLimitPageTest {

    private static final String PASSWORD = "a-long-enough-password";

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry properties) {
        TestDatabase.ownDatabase(properties, "upload_limit_test");
    }

    @LocalServerPort int port;
    @Autowired Users users;

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    @Test
    void aFileOverTheLimitIsRefusedWithTheLimitAndHowToSplitItAndTheUploadPageStatesTheLimit() throws Exception {
        signIn();
        Document form = Jsoup.parse(http.send(HttpRequest.newBuilder(uri("/ui/imports")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String boundary = "----keepwarm-upload-limit";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(part(boundary, "_csrf", null, form.selectFirst("#import-form input[name=_csrf]").val()));
        body.writeBytes(part(boundary, "source", null, "IMPORT"));
        body.writeBytes(part(boundary, "file", "leads.csv", "email\n" + "someone@example.com\n".repeat(1_000)));
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(uri("/ui/imports"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(Jsoup.parse(refused.body()).getElementById("error-detail").text())
                .startsWith("The file is larger than 4 KB, the most one upload may be; split it");

        assertThat(form.getElementById("upload-limit").text()).as("said before the upload").isEqualTo("(at most 4 KB a file)");
    }

    private void signIn() throws Exception {
        String name = "uploader-" + System.nanoTime();
        users.create(new Users.NewUser(name, "Uploader", null, Role.MARKETER, PASSWORD));
        Document login = Jsoup.parse(http.send(HttpRequest.newBuilder(uri("/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String form = "username=" + name + "&password=" + PASSWORD + "&_csrf="
                + URLEncoder.encode(login.selectFirst("input[name=_csrf]").val(), StandardCharsets.UTF_8);
        HttpResponse<String> home = http.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(Jsoup.parse(home.body()).getElementById("sign-out")).as("signed in").isNotNull();
    }

    private static byte[] part(String boundary, String name, String fileName, String value) {
        return ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (fileName == null ? "" : "; filename=\"" + fileName + "\"\r\nContent-Type: text/csv") + "\r\n\r\n"
                + value + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
