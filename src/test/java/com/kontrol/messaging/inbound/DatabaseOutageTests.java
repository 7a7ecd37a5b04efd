package com.kontrol.messaging.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TestDatabase;
import com.kontrol.TwilioSigner;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customers;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Twilio posts each text once and never again after a 5xx: while the database is away (a restart, a failover), texts
 * are answered 200 from the outage spool and stored, each once, when it is back, with no restart of Kontrol.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@WithTwilioStandIn
@TestPropertySource(
        properties = {
            "kontrol.test.context=database-outage", // a database of its own, which this test takes away
            "spring.datasource.hikari.connection-timeout=1000",
            "kontrol.spool.wait-for-database=2s"
        })
class DatabaseOutageTests {

    static final Duration AWAY = Duration.ofSeconds(10);
    static final Duration PACE = Duration.ofMillis(20);

    @LocalServerPort
    int port;

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Customers customers;

    @Autowired
    Environment environment;

    record Answer(String sid, String from, int status, long millis) {}

    @Test
    void textsSentWhileTheDatabaseIsAwayAreAnsweredAndStoredOnceWhenItIsBack() throws Exception {
        var known = TestCustomers.newPhone();
        var customer = customers.add("Texts During An Outage", List.of(known), true);
        var strangers = List.of(TestCustomers.newPhone(), TestCustomers.newPhone());
        var answers = new ConcurrentLinkedQueue<Answer>();
        var loading = new AtomicBoolean(true);
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var load = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            load.submit(() -> {
                for (int i = 0; loading.get(); i++) {
                    var from = i % 2 == 0
                            ? known.e164()
                            : strangers.get(thread % 2).e164();
                    answers.add(post(http, Webhooks.newSid(), from, "text " + i + " of sender " + thread));
                    LockSupport.parkNanos(PACE.toNanos()); // a steady trickle (a load generator's pace, not a wait)
                }
                return null;
            });
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> answers.size() >= 40); // the load flows
        var dispatcher = signedIn(); // a dispatcher's browser, signed in before the outage
        var database = databaseName();
        TestDatabase.adminStatement("alter database " + database + " allow_connections false");
        TestDatabase.adminStatement(
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database + "'");
        try {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> mvc.perform(get("/actuator/health/readiness"))
                            .andExpect(status().isOk())
                            .andExpect(jsonPath("$.status").value("DEGRADED")));
            mvc.perform(get("/customers/" + customer.id()).with(Staff.dana()))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().exists("Retry-After"))
                    .andExpect(content().string(containsString("Database unavailable")));
            mvc.perform(get("/portal/no-such-token").accept("text/html")) // a customer's page, in their words
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(content().string(containsString("cannot be shown right now")))
                    .andExpect(content().string(not(containsString("Back to Customers"))));
            // The same page where the signed-in session's own check meets the database first (a filter).
            var page = dispatcher.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/customers"))
                            .header("Accept", "text/html") // as a browser asks
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.body()).contains("Database unavailable").doesNotContain("Exception");
            // Away for AWAY, every text answered 200 all the while.
            await().during(AWAY)
                    .atMost(AWAY.plusSeconds(5))
                    .untilAsserted(() -> assertThat(answers)
                            .allSatisfy(a -> assertThat(a.status()).as(a.sid()).isEqualTo(200)));
        } finally {
            TestDatabase.adminStatement("alter database " + database + " allow_connections true");
        }
        int whenBack = answers.size();
        await().atMost(Duration.ofSeconds(20)).until(() -> answers.size() >= whenBack + 40); // and after it is back
        loading.set(false);
        load.shutdown();
        assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue(); // no request is left unanswered

        var all = new ArrayList<>(answers);
        assertThat(all).hasSizeGreaterThan(200);
        assertThat(all).allSatisfy(a -> assertThat(a.status()).as(a.sid()).isEqualTo(200));
        assertThat(all.stream().mapToLong(Answer::millis).max().orElseThrow()).isLessThan(15_000);
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions() // the pool connects again as the database comes back
                .untilAsserted(() -> assertThat(stored(all)).isEqualTo(all.size()));
        assertThat(jdbc.sql("select count(*) from messages where sid in (:sids) group by sid having count(*) > 1")
                        .param("sids", all.stream().map(Answer::sid).toList())
                        .query(Long.class)
                        .list())
                .isEmpty();
        var fromKnown = all.stream().filter(a -> a.from().equals(known.e164())).count();
        assertThat(jdbc.sql("select count(*) from messages where customer_id = :id and direction = 'inbound'")
                        .param("id", customer.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(fromKnown); // each in its customer's thread, none misrouted
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> mvc.perform(get("/actuator/health/readiness"))
                        .andExpect(jsonPath("$.status").value("UP")));
        mvc.perform(get("/customers/" + customer.id()).with(Staff.dana())).andExpect(status().isOk());
    }

    /** A browser's session: the login page's form posted with its CSRF token, the session cookie kept. */
    private HttpClient signedIn() throws Exception {
        var http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        var base = "http://localhost:" + port;
        var login = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        var csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
        assertThat(csrf.find()).as("the login form's CSRF token").isTrue();
        var form = "username=admin&password=" + URLEncoder.encode(TestDatabase.ADMIN_PASSWORD, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        var signIn = http.send(
                HttpRequest.newBuilder(URI.create(base + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Origin", base)
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
        return http;
    }

    private long stored(List<Answer> answers) {
        return jdbc.sql("select count(distinct sid) from messages where sid in (:sids)")
                .param("sids", answers.stream().map(Answer::sid).toList())
                .query(Long.class)
                .single();
    }

    private Answer post(HttpClient http, String sid, String from, String body) throws Exception {
        Map<String, String> params = Webhooks.text(sid, from, body);
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + Webhooks.INBOUND))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(
                        "X-Twilio-Signature",
                        TwilioSigner.sign(TwilioStandIn.TOKEN, Webhooks.BASE + Webhooks.INBOUND, params))
                .POST(HttpRequest.BodyPublishers.ofString(TwilioSigner.form(params)))
                .build();
        long started = System.nanoTime();
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        return new Answer(sid, from, status, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private String databaseName() {
        var url = environment.getRequiredProperty("spring.datasource.url");
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
