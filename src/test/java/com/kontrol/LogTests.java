package com.kontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Messages;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Running in production": in the ECS format (Spring Boot's encoder, as {@code logging.structured.format.console=ecs}
 * configures it) a line about a text names its id and SID as fields, each webhook call is one access line, and no
 * line holds what the customer wrote.
 */
@KontrolTest
@WithTwilioStandIn
class LogTests {

    /**
     * What {@code logging.structured.format.console=ecs} puts on the console: Spring Boot's own encoder in that format,
     * on an appender of this test's (so that the other tests' contexts keep their plain lines).
     */
    static final class EcsLines implements AutoCloseable {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

        EcsLines() {
            var encoder = new StructuredLogEncoder();
            encoder.setContext(root.getLoggerContext());
            encoder.setFormat("ecs");
            encoder.start();
            appender.setContext(root.getLoggerContext());
            appender.setEncoder(encoder);
            appender.setOutputStream(out);
            appender.start();
            root.addAppender(appender);
        }

        String getOut() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public void close() {
            root.detachAppender(appender);
            appender.stop();
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Test
    void aWebhookCallIsOneJsonAccessLineWithTheSidAndWithoutTheBody() throws Exception {
        try (var output = new EcsLines()) {
            var customer = customers.add("Logged Lou", List.of(TestCustomers.newPhone()), true);
            var sid = Webhooks.newSid();
            var words = "gate code 4471 then STOP";
            new Webhooks(mvc)
                    .inbound(Webhooks.text(
                            sid, customer.primaryPhone().orElseThrow().e164(), words))
                    .andExpect(status().isOk());
            var stored = messages.findBySid(sid).orElseThrow();

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> lines(output).stream()
                            .anyMatch(l -> "com.kontrol.twilio.WebhookAccess".equals(text(l, "log.logger"))));
            var accessLine = lines(output).stream()
                    .filter(l -> "com.kontrol.twilio.WebhookAccess".equals(text(l, "log.logger")))
                    .filter(l -> sid.equals(text(l, "message_sid")))
                    .findFirst()
                    .orElseThrow();
            assertThat(text(accessLine, "message")).startsWith("POST /api/webhooks/twilio/inbound 200 ");
            assertThat(text(accessLine, "log.level")).isEqualTo("INFO");
            assertThat(output.getOut()).doesNotContain("gate code 4471");

            // A retry of the same text: the line that says so carries the SID.
            new Webhooks(mvc)
                    .inbound(Webhooks.text(
                            sid, customer.primaryPhone().orElseThrow().e164(), words))
                    .andExpect(status().isOk());
            assertThat(lines(output))
                    .anyMatch(l ->
                            text(l, "message").contains("was stored before") && sid.equals(text(l, "message_sid")));
            assertThat(stored.id()).isPositive();
        }
    }

    @Test
    void anOptOutIsLoggedWithTheTextsIdAndSidAndNotItsWords() throws Exception {
        try (var output = new EcsLines()) {
            var customer = customers.add("Logged Opt Out", List.of(TestCustomers.newPhone()), true);
            var sid = Webhooks.newSid();
            new Webhooks(mvc)
                    .inbound(Webhooks.text(
                            sid, customer.primaryPhone().orElseThrow().e164(), "Stop"))
                    .andExpect(status().isOk());
            var stored = messages.findBySid(sid).orElseThrow();
            var line = lines(output).stream()
                    .filter(l -> text(l, "message").contains("opted out"))
                    .findFirst()
                    .orElseThrow();
            assertThat(text(line, "message_sid")).isEqualTo(sid);
            assertThat(text(line, "message_id")).isEqualTo(Long.toString(stored.id()));
            assertThat(text(line, "message")).doesNotContain("Stop");
        }
    }

    private static List<JsonNode> lines(EcsLines output) {
        return output.getOut()
                .lines()
                .filter(l -> l.startsWith("{"))
                .map(l -> JsonMapper.shared().readTree(l))
                .toList();
    }

    /** A field of an ECS line: dotted names may be nested objects or flat keys. */
    private static String text(JsonNode line, String field) {
        if (line.has(field)) {
            return line.get(field).asString();
        }
        JsonNode node = line;
        for (var part : field.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        return node == null ? "" : node.asString();
    }
}
