package com.kontrol.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.kontrol.KontrolTest;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.messaging.Media;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** MMS pictures are served through Kontrol, fetched with the account's credentials from Twilio and nowhere else. */
@KontrolTest
@WithTwilioStandIn
class MediaProxyTests {

    @Autowired
    TwilioStandIn standIn;

    WireMockServer twilio;

    @BeforeEach
    void twilio() {
        twilio = standIn.server();
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    Messages messages;

    @Test
    void aPictureIsFetchedFromTwilioWithTheAccountsCredentials() throws Exception {
        var path = "/2010-04-01/Accounts/" + TwilioStandIn.SID + "/Messages/MM1/Media/ME1";
        twilio.stubFor(get(path)
                .willReturn(aResponse().withHeader("Content-Type", "image/png").withBody(new byte[] {1, 2, 3})));
        var message = withMedia(twilio.baseUrl() + path, "image/png");

        mvc.perform(MockMvcRequestBuilders.get("/messages/" + message.id() + "/media/0")
                        .with(user("dana").roles("STAFF")))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/png"))
                .andExpect(content().bytes(new byte[] {1, 2, 3}));
        var credentials = Base64.getEncoder()
                .encodeToString((TwilioStandIn.SID + ":" + TwilioStandIn.TOKEN).getBytes(StandardCharsets.UTF_8));
        twilio.verify(getRequestedFor(urlEqualTo(path)).withHeader("Authorization", equalTo("Basic " + credentials)));
    }

    @Test
    void aMediaUrlOutsideTwilioIsNeverFetched() throws Exception {
        var message = withMedia("https://attacker.example/steal", "image/png");
        mvc.perform(MockMvcRequestBuilders.get("/messages/" + message.id() + "/media/0")
                        .with(user("dana").roles("STAFF")))
                .andExpect(status().isBadGateway());
    }

    @Test
    void aRedirectAwayFromTwilioIsNotFollowed() throws Exception {
        var path = "/2010-04-01/Accounts/" + TwilioStandIn.SID + "/Messages/MM2/Media/ME2";
        twilio.stubFor(
                get(path).willReturn(aResponse().withStatus(302).withHeader("Location", "https://attacker.example/x")));
        var message = withMedia(twilio.baseUrl() + path, "image/jpeg");
        mvc.perform(MockMvcRequestBuilders.get("/messages/" + message.id() + "/media/0")
                        .with(user("dana").roles("STAFF")))
                .andExpect(status().isBadGateway());
    }

    @Test
    void theApiHostOnAnotherPortNeverGetsTheCredentials() throws Exception {
        var elsewhere = new WireMockServer(wireMockConfig().dynamicPort());
        elsewhere.start();
        try {
            var message =
                    withMedia("http://localhost:" + elsewhere.port() + "/2010-04-01/Accounts/x/Media/ME3", "image/png");
            mvc.perform(MockMvcRequestBuilders.get("/messages/" + message.id() + "/media/0")
                            .with(user("dana").roles("STAFF")))
                    .andExpect(status().isBadGateway());
            assertThat(elsewhere.getAllServeEvents()).isEmpty();
        } finally {
            elsewhere.stop();
        }
    }

    @Test
    void aMalformedMediaUrlIsABadGatewayNotAFailure() throws Exception {
        var message = withMedia("http://exa mple.com/not a url", "image/png");
        mvc.perform(MockMvcRequestBuilders.get("/messages/" + message.id() + "/media/0")
                        .with(user("dana").roles("STAFF")))
                .andExpect(status().isBadGateway());
    }

    @Test
    void anythingButAPictureIsServedAsADownload() throws Exception {
        var path = "/2010-04-01/Accounts/" + TwilioStandIn.SID + "/Messages/MM4/Media/ME4";
        twilio.stubFor(get(path)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/pdf")
                        .withBody(new byte[] {4})));
        var message = withMedia(twilio.baseUrl() + path, "application/pdf");
        mvc.perform(MockMvcRequestBuilders.get("/messages/" + message.id() + "/media/0")
                        .with(user("dana").roles("STAFF")))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Content-Disposition", Matchers.startsWith("attachment")));
    }

    @Test
    void moreFetchesAtOnceThanAllowedAreAskedToWait() throws Exception {
        var path = "/2010-04-01/Accounts/" + TwilioStandIn.SID + "/Messages/MM5/Media/ME5";
        twilio.stubFor(get(path)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "image/png")
                        .withBody(new byte[] {5})
                        .withFixedDelay(1500)));
        var message = withMedia(twilio.baseUrl() + path, "image/png");
        var pool = Executors.newFixedThreadPool(TwilioMediaController.MAX_FETCHES + 4);
        try {
            var answers = new ArrayList<Future<Integer>>();
            for (int i = 0; i < TwilioMediaController.MAX_FETCHES + 4; i++) {
                answers.add(pool.submit(
                        () -> mvc.perform(MockMvcRequestBuilders.get("/messages/" + message.id() + "/media/0")
                                        .with(user("dana").roles("STAFF")))
                                .andReturn()
                                .getResponse()
                                .getStatus()));
            }
            var statuses = new ArrayList<Integer>();
            for (var answer : answers) {
                statuses.add(answer.get(20, TimeUnit.SECONDS));
            }
            assertThat(statuses).contains(503).contains(200).hasSize(TwilioMediaController.MAX_FETCHES + 4);
            assertThat(statuses.stream().filter(s -> s == 200).count())
                    .isLessThanOrEqualTo(TwilioMediaController.MAX_FETCHES);
        } finally {
            pool.shutdownNow();
        }
    }

    @Autowired
    TwilioMediaFetch fetch;

    @Test
    void aBodyThatTricklesInIsGivenUpAtTheDeadlineNotWaitedFor() throws Exception {
        var path = "/2010-04-01/Accounts/" + TwilioStandIn.SID + "/Messages/MM6/Media/ME6";
        twilio.stubFor(get(path)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "image/png")
                        .withBody(new byte[4096])
                        .withChunkedDribbleDelay(64, 20_000)));
        var message = withMedia(twilio.baseUrl() + path, "image/png");
        fetch.totalTime = Duration.ofSeconds(1);
        try {
            var started = System.nanoTime();
            mvc.perform(MockMvcRequestBuilders.get("/messages/" + message.id() + "/media/0")
                            .with(user("dana").roles("STAFF")))
                    .andExpect(status().isGatewayTimeout());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        } finally {
            fetch.totalTime = TwilioMediaFetch.TOTAL_TIME;
        }
    }

    @Test
    void aBodyLargerThanTwilioSendsIsRefused() throws Exception {
        var path = "/2010-04-01/Accounts/" + TwilioStandIn.SID + "/Messages/MM7/Media/ME7";
        twilio.stubFor(get(path)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "image/png")
                        .withBody(new byte[TwilioMediaFetch.MAX_BYTES + 1])));
        var message = withMedia(twilio.baseUrl() + path, "image/png");
        mvc.perform(MockMvcRequestBuilders.get("/messages/" + message.id() + "/media/0")
                        .with(user("dana").roles("STAFF")))
                .andExpect(status().isBadGateway());
    }

    @Test
    void mediaNeedsALogin() throws Exception {
        var message = withMedia(twilio.baseUrl() + "/x", "image/png");
        mvc.perform(MockMvcRequestBuilders.get("/messages/" + message.id() + "/media/0"))
                .andExpect(status().isFound());
        assertThat(twilio.findAll(getRequestedFor(urlEqualTo("/x")))).isEmpty();
    }

    private Message withMedia(String url, String type) {
        return messages.add(Message.received(
                Webhooks.newSid(),
                "+14155550120",
                TwilioStandIn.NUMBER,
                "",
                OffsetDateTime.now(),
                List.of(new Media(url, type))));
    }
}
