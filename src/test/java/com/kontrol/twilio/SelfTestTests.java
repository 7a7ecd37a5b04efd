package com.kontrol.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TwilioStandIn;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.messaging.Messages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** The self-test posts a signed sample to Kontrol's own webhook over real HTTP, and keeps it out of every thread. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithTwilioStandIn
@TestPropertySource(properties = "kontrol.public-url=")
class SelfTestTests {

    @LocalServerPort
    int port;

    @Autowired
    TwilioAccounts accounts;

    /** The admin confirmed the address this server is reached at (here its own port). */
    @BeforeEach
    void confirmThePublicUrl() {
        accounts.save(
                TwilioStandIn.SID, TwilioStandIn.TOKEN, TwilioStandIn.NUMBER, "http://localhost:" + port, "admin");
    }

    @Autowired
    SelfTest selfTest;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Messages messages;

    @Test
    void aSignedSampleComesBackThroughValidationAndIsNotStored() {
        var result = selfTest.run(url(), TwilioStandIn.TOKEN, "+15005550009", TwilioStandIn.NUMBER);
        assertThat(result.ok()).as(result.detail()).isTrue();
        assertThat(jdbc.sql("select count(*) from messages where sid like 'SMkontrolselftest%'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aWrongTokenIsReportedWithTheUrlKontrolChecked() {
        var result = selfTest.run(url(), "ffffffffffffffffffffffffffffffff", "+15005550009", TwilioStandIn.NUMBER);
        assertThat(result.ok()).isFalse();
        assertThat(result.detail()).contains("403").contains(url());
    }

    @Test
    void anUnreachableAddressIsReportedAsSuch() {
        var result = selfTest.run(
                "http://127.0.0.1:1/api/webhooks/twilio/inbound",
                TwilioStandIn.TOKEN,
                "+15005550009",
                TwilioStandIn.NUMBER);
        assertThat(result.ok()).isFalse();
        assertThat(result.detail()).contains("Could not reach");
    }

    private String url() {
        return "http://localhost:" + port + "/api/webhooks/twilio/inbound";
    }
}
