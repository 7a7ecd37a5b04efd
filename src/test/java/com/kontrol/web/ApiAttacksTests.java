package com.kontrol.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The attacks tried on the REST API over real HTTP (what the fuzz run found among them), each answered with a 4xx that
 * says what is wrong, never a 500: a multipart body cut short or without its boundary, a file where text is expected,
 * a NUL in a JSON string or a form field (no database text column holds one), and a multipart call without the header
 * that proves it is no cross-site form.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT) // multipart is parsed by Tomcat itself
class ApiAttacksTests {

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aMultipartBodyCutShortIs400() throws Exception {
        long customer = customer("Cut Short");
        var body =
                "--b\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.jpg\"\r\n\r\n\u00ff\u00d8\u00ff";
        var answer = multipart(customer, "b", body);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("could not be read");
    }

    @Test
    void aMultipartBodyWithoutTheBoundaryItsContentTypeNamesIs400() throws Exception {
        long customer = customer("No Boundary");
        var body = "--other\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nhi\r\n--other--\r\n";
        var answer = multipart(customer, "", body);
        assertThat(answer.statusCode()).isEqualTo(400);
    }

    @Test
    void theBodySentAsAFileIs400NamingIt() throws Exception {
        long customer = customer("Body As File");
        var body =
                "--b\r\nContent-Disposition: form-data; name=\"body\"; filename=\"body.txt\"\r\n\r\nhello\r\n--b--\r\n";
        var answer = multipart(customer, "b", body);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("body must be text, not a file");
    }

    @Test
    void aTextWithANulInAMultipartFieldIsSentWithTheNulReplaced() throws Exception {
        long customer = customer("Nul In Body");
        var body = "--b\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nhi\u0000there\r\n--b--\r\n";
        var answer = multipart(customer, "b", body);
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.body()).contains("hi\uFFFDthere").doesNotContain("\u0000");
    }

    @Test
    void aNulInAJsonStringIsStoredAsAReplacementCharacterNotA500() throws Exception {
        var answer = json("POST", "/api/v1/customers", "{\"name\":\"Nul\\u0000Name\",\"phone\":\"+16505550999\"}");
        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(answer.body()).contains("Nul\uFFFDName");
    }

    @Test
    void aMultipartCallWithoutXRequestedWithIs415() throws Exception {
        long customer = customer("Cross Site");
        var body = "--b\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nhi\r\n--b--\r\n";
        var answer = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/v1/customers/" + customer + "/messages"))
                        .header("Authorization", basic())
                        .header("Content-Type", "multipart/form-data; boundary=b")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(415);
    }

    private HttpResponse<String> multipart(long customer, String boundary, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base() + "/api/v1/customers/" + customer + "/messages"))
                        .header("Authorization", basic())
                        .header("X-Requested-With", "test")
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long customer(String name) throws Exception {
        var phone = TestCustomers.newPhone().e164();
        var answer = json("POST", "/api/v1/customers", "{\"name\":\"" + name + "\",\"phone\":\"" + phone + "\"}");
        assertThat(answer.statusCode()).isEqualTo(201);
        return Long.parseLong(answer.body().replaceAll("^\\{\"id\":(\\d+).*$", "$1"));
    }

    private HttpResponse<String> json(String method, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .header("Authorization", basic())
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static String basic() {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString(("admin:" + TestDatabase.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }
}
