package com.kontrol.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestCustomers;
import com.kontrol.TwilioSigner;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.messaging.Messages;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Before an admin confirms the public URL, a webhook's signature is checked against the URL as the proxy in front of
 * Kontrol forwarded it, but only when that proxy is trusted ({@code server.tomcat.remoteip.internal-proxies}, here
 * 127.0.0.1 alone): the same forwarded headers from 127.0.0.2 count for nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithTwilioStandIn
@TestPropertySource(properties = {"kontrol.public-url=", "server.tomcat.remoteip.internal-proxies=127.0.0.1/32"})
class TrustedProxyTests {

    static final String PUBLIC = "https://sms.example.com";

    @LocalServerPort
    int port;

    @Autowired
    Messages messages;

    @Test
    void aTrustedProxysForwardedUrlIsTheOneChecked() throws Exception {
        var sid = Webhooks.newSid();
        var params = Webhooks.text(sid, TestCustomers.newPhone().e164(), "through the proxy");
        assertThat(post("127.0.0.1", params, PUBLIC + Webhooks.INBOUND)).isEqualTo(200);
        // Twilio sometimes signs with the default port written out; the SDK's port variants accept it.
        var sid2 = Webhooks.newSid();
        var params2 = Webhooks.text(sid2, TestCustomers.newPhone().e164(), "with :443");
        assertThat(post("127.0.0.1", params2, "https://sms.example.com:443" + Webhooks.INBOUND))
                .isEqualTo(200);
        assertThat(messages.findBySid(sid)).isPresent();
        assertThat(messages.findBySid(sid2)).isPresent();
    }

    @Test
    void anUntrustedClientsForwardedHeadersCountForNothing() throws Exception {
        var sid = Webhooks.newSid();
        var params = Webhooks.text(sid, TestCustomers.newPhone().e164(), "forged proxy");
        assertThat(post("127.0.0.2", params, PUBLIC + Webhooks.INBOUND)).isEqualTo(403);
        assertThat(messages.findBySid(sid)).isEmpty();
    }

    @Test
    void garbageForwardedHeadersFromATrustedProxyAreAnsweredNotFailed() throws Exception {
        var params = Webhooks.text(Webhooks.newSid(), TestCustomers.newPhone().e164(), "garbage headers");
        for (var headers : List.of(
                Map.of("X-Forwarded-Host", ",,,"),
                Map.of("X-Forwarded-Port", "abc"),
                Map.of("X-Forwarded-Proto", "gopher"),
                Map.of("X-Forwarded-For", "not an address"))) {
            assertThat(post("127.0.0.1", params, PUBLIC + Webhooks.INBOUND, headers))
                    .isBetween(200, 499);
        }
    }

    private int post(String from, Map<String, String> params, String signedUrl) throws Exception {
        return post(
                from,
                params,
                signedUrl,
                Map.of(
                        "X-Forwarded-For", "203.0.113.7",
                        "X-Forwarded-Proto", "https",
                        "X-Forwarded-Host", "sms.example.com"));
    }

    /** Posts the webhook from {@code from} (a loopback address) as a proxy for {@value #PUBLIC}; the HTTP status. */
    private int post(String from, Map<String, String> params, String signedUrl, Map<String, String> forwarded)
            throws Exception {
        var body = TwilioSigner.form(params);
        var headers = new StringBuilder();
        forwarded.forEach(
                (name, value) -> headers.append(name).append(": ").append(value).append("\r\n"));
        try (var socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            var out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
            out.write("POST " + Webhooks.INBOUND + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + headers
                    + "X-Twilio-Signature: " + TwilioSigner.sign(TwilioStandIn.TOKEN, signedUrl, params) + "\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                    + "Connection: close\r\n\r\n" + body);
            out.flush();
            var status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }
}
