package com.kontrol;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** Team members for tests, added through the API as an admin's script would. */
public final class TestStaff {

    /** The password of every account these methods add. */
    public static final String PASSWORD = "Correct-Horse-Battery-9417";

    private TestStaff() {}

    /**
     * A new staff member named {@code prefix-…} (unique in the shared test database) with {@code displayName} and
     * {@code mobile} (null: none); their username.
     */
    public static String add(MockMvc mvc, String prefix, String displayName, String mobile) throws Exception {
        var username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(post("/api/v1/users")
                        .with(Staff.admin())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"username\": \"" + username + "\", \"name\": \"" + displayName
                                + "\", \"password\": \"" + PASSWORD + "\", \"role\": \"staff\""
                                + (mobile == null ? "" : ", \"mobile\": \"" + mobile + "\"") + "}"))
                .andExpect(status().isCreated());
        return username;
    }

    /** The same, over HTTP to Kontrol on {@code port} (for tests of the whole application on a real port). */
    public static String add(int port, String prefix, String displayName, String mobile) throws Exception {
        var username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        var auth = Base64.getEncoder()
                .encodeToString(("admin:" + TestDatabase.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/users"))
                                .header("Authorization", "Basic " + auth)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"" + username
                                        + "\", \"name\": \"" + displayName
                                        + "\", \"password\": \"" + PASSWORD + "\", \"role\": \"staff\""
                                        + (mobile == null ? "" : ", \"mobile\": \"" + mobile + "\"") + "}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(
                    "Adding " + username + ": " + response.statusCode() + " " + response.body());
        }
        return username;
    }
}
