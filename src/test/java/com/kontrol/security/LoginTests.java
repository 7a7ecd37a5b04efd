package com.kontrol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.logout;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.SecondInstance;
import com.kontrol.TestDatabase;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.WebAttributes;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

@KontrolTest
class LoginTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Users users;

    @Autowired
    PasswordEncoder encoder;

    @Test
    void theFirstAdminComesFromConfigurationWithABcryptHash() throws Exception {
        var admin = users.findByUsername("admin").orElseThrow();
        assertThat(admin.role()).isEqualTo(Role.ADMIN);
        assertThat(admin.passwordHash()).startsWith("$2").doesNotContain(TestDatabase.ADMIN_PASSWORD);
        mvc.perform(formLogin().user("admin").password(TestDatabase.ADMIN_PASSWORD))
                .andExpect(authenticated().withRoles("ADMIN"))
                .andExpect(redirectedUrl("/customers"));
    }

    @Test
    void aWrongPasswordIsRefusedWithAMessage() throws Exception {
        mvc.perform(formLogin().user("admin").password("nope"))
                .andExpect(unauthenticated())
                .andExpect(redirectedUrl("/login?error"));
    }

    @Test
    void staffLogInToo() throws Exception {
        users.add("sam", "Sam Staff", encoder.encode("sam-password-1"), Role.STAFF);
        mvc.perform(formLogin().user("sam").password("sam-password-1"))
                .andExpect(authenticated().withRoles("STAFF"));
    }

    @Test
    void fiveWrongPasswordsFromOneAddressStopThatAddressOnlyOnTheFormAndTheApi() throws Exception {
        users.add("lockme", "Lock Me", encoder.encode("right-password"), Role.STAFF);
        for (int i = 0; i < LoginThrottle.PAIR_FAILURES; i++) {
            mvc.perform(login("lockme", "wrong-" + i, "127.0.0.2")).andExpect(unauthenticated());
        }
        // From that address even the right password is refused, on the form and through the API ...
        mvc.perform(login("lockme", "right-password", "127.0.0.2")).andExpect(unauthenticated());
        mvc.perform(get("/api/v1/customers/1")
                        .with(httpBasic("lockme", "right-password"))
                        .with(from("127.0.0.2")))
                .andExpect(status().isUnauthorized());
        // ... while its owner, elsewhere, logs in as usual.
        mvc.perform(login("lockme", "right-password", "127.0.0.1")).andExpect(authenticated());
    }

    @Test
    void fiveWrongPasswordsForAdminFromAnotherAddressDoNotLockAdminOut() throws Exception {
        for (int i = 0; i < LoginThrottle.PAIR_FAILURES; i++) {
            mvc.perform(login("admin", "guess-" + i, "127.0.0.3")).andExpect(unauthenticated());
        }
        mvc.perform(login("admin", TestDatabase.ADMIN_PASSWORD, "127.0.0.1"))
                .andExpect(authenticated().withRoles("ADMIN"));
    }

    @Test
    void anUnknownUsernameAndAThrottledOneGetTheSameAnswer() throws Exception {
        users.add("known", "Known", encoder.encode("known-password"), Role.STAFF);
        for (int i = 0; i < LoginThrottle.PAIR_FAILURES; i++) {
            mvc.perform(login("known", "wrong", "127.0.0.4"));
        }
        var throttled =
                mvc.perform(login("known", "known-password", "127.0.0.4")).andReturn();
        var unknown = mvc.perform(login("nobody-" + System.nanoTime(), "x", "127.0.0.4"))
                .andReturn();
        assertThat(throttled.getResponse().getRedirectedUrl())
                .isEqualTo(unknown.getResponse().getRedirectedUrl())
                .isEqualTo("/login?error");
        var page = mvc.perform(get("/login")
                        .sessionAttr(
                                WebAttributes.AUTHENTICATION_EXCEPTION,
                                throttled
                                        .getRequest()
                                        .getSession()
                                        .getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Wrong username or password.").doesNotContain("locked");
    }

    @Test
    void sprayingManyUsernamesFromOneAddressStopsThatAddress() throws Exception {
        for (int i = 0; i < LoginThrottle.ADDRESS_FAILURES; i++) {
            mvc.perform(login("spray-" + i, "Summer2026!", "127.0.0.5"));
        }
        mvc.perform(login("admin", TestDatabase.ADMIN_PASSWORD, "127.0.0.5")).andExpect(unauthenticated());
        mvc.perform(login("admin", TestDatabase.ADMIN_PASSWORD, "127.0.0.1")).andExpect(authenticated());
    }

    @Autowired
    WebApplicationContext context;

    @Test
    void twoThousandHugeRandomUsernamesLeaveNoTraceInMemoryAndLoginStillAnswers() throws Exception {
        // A MockMvc of its own: the shared one keeps each request's printout until the test ends.
        var mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(springSecurity())
                .build();
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        var huge = "x".repeat(100 * 1024);
        for (int i = 0; i < 2000; i++) {
            mvc.perform(login(i + huge, "p", "10.9." + (i / 250) + "." + (i % 250)))
                    .andExpect(unauthenticated());
        }
        System.gc();
        long grown = memory.getHeapMemoryUsage().getUsed() - before;
        assertThat(grown).as("heap growth in bytes").isLessThan(5L * 1024 * 1024);
        mvc.perform(formLogin().user("admin").password(TestDatabase.ADMIN_PASSWORD))
                .andExpect(authenticated());
    }

    /** The login form, posted from this address. */
    private static MockHttpServletRequestBuilder login(String username, String password, String address) {
        return post("/login")
                .param("username", username)
                .param("password", password)
                .with(csrf())
                .with(from(address));
    }

    /** The request comes from this address (as Tomcat reports it: a trusted proxy's X-Forwarded-For, or the peer). */
    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    @Autowired
    Environment environment;

    @Test
    void wrongPasswordsOnOneInstanceCountOnEveryInstanceOfTheDatabase() throws Exception {
        users.add("shared", "Shared Lock", encoder.encode("shared-password"), Role.STAFF);
        try (var second = SecondInstance.start(environment)) {
            int port = ((WebServerApplicationContext) second).getWebServer().getPort();
            var http = HttpClient.newHttpClient();
            for (int i = 0; i < LoginThrottle.PAIR_FAILURES; i++) {
                var wrong = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/customers"))
                        .header("Authorization", basic("shared", "wrong-" + i))
                        .build();
                assertThat(http.send(wrong, HttpResponse.BodyHandlers.discarding())
                                .statusCode())
                        .isEqualTo(401);
            }
        }
        mvc.perform(get("/api/v1/customers")
                        .with(httpBasic("shared", "shared-password"))
                        .with(from("127.0.0.1")))
                .andExpect(status().isUnauthorized());
    }

    private static String basic(String username, String password) {
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void pagesAndTheApiCarryAStrictPolicyAndSendNoReferrer() throws Exception {
        for (var request : List.of(get("/login"), get("/portal/not-a-token"), get("/api/v1/customers"))) {
            mvc.perform(request)
                    .andExpect(header().string("Content-Security-Policy", SecurityConfig.CONTENT_SECURITY_POLICY))
                    .andExpect(header().string("Referrer-Policy", "same-origin"))
                    .andExpect(header().string("Permissions-Policy", Matchers.containsString("camera=()")));
        }
        assertThat(SecurityConfig.CONTENT_SECURITY_POLICY)
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval");
    }

    @Test
    void logoutEndsTheSession() throws Exception {
        mvc.perform(logout()).andExpect(redirectedUrl("/login?logout"));
    }

    @Test
    void theLoginPageStaticFilesAndHealthAreOpen() throws Exception {
        mvc.perform(get("/login")).andExpect(status().isOk());
        mvc.perform(get("/css/kontrol.css")).andExpect(status().isOk());
        mvc.perform(get("/webjars/htmx.org/dist/htmx.min.js")).andExpect(status().isOk());
        mvc.perform(get("/webjars/htmx-ext-sse/sse.js")).andExpect(status().isOk());
        mvc.perform(get("/actuator/health")).andExpect(status().isOk());
    }
}
