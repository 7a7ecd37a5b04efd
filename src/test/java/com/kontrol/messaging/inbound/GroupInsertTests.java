package com.kontrol.messaging.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A group of texts stored together (on PostgreSQL one statement for the group), called directly: the group commit
 * would store each text on its own if the group's statement failed, which would hide it.
 */
@KontrolTest
class GroupInsertTests {

    @Autowired
    InboundTexts texts;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aGroupIsRoutedAndStoredOnceEachWhateverRepeatsInIt() {
        var own = TestCustomers.newPhone();
        var shared = TestCustomers.newPhone();
        var stranger = TestCustomers.newPhone().e164();
        var customer = customers.add("Group Own", List.of(own), true);
        customers.add("Group Shared Older", List.of(shared), true);
        var newer = customers.add("Group Shared Newer", List.of(shared), true);
        messages.add(Message.queued(
                        newer.id(), null, TwilioStandIn.NUMBER, shared.e164(), "hello", Sender.person("admin"), now())
                .withSid(Webhooks.newSid())); // the shared number was last texted as the newer customer
        var earlier = Webhooks.newSid();
        assertThat(texts.receive(text(earlier, own.e164(), "stored before"), own.e164()))
                .isPresent();

        var fromOwn = Webhooks.newSid();
        var fromShared = Webhooks.newSid();
        var fromStranger = Webhooks.newSid();
        var fromShortCode = Webhooks.newSid();
        var stored = texts.receiveAll(
                List.of(
                        text(fromOwn, own.e164(), "Café at 9? ✓ 😀"),
                        text(fromShared, shared.e164(), "which of us?"),
                        text(fromStranger, stranger, "new here"),
                        text(fromOwn, own.e164(), "Café at 9? ✓ 😀"), // Twilio's retry, in the same group
                        text(earlier, own.e164(), "stored before"), // and one of a text stored earlier
                        text(fromShortCode, "22395", "")),
                Arrays.asList(own.e164(), shared.e164(), stranger, own.e164(), own.e164(), null));

        assertThat(stored).extracting(Optional::isPresent).containsExactly(true, true, true, false, false, true);
        assertThat(stored.get(0).orElseThrow().customerId()).isEqualTo(customer.id());
        assertThat(stored.get(1).orElseThrow().customerId()).isEqualTo(newer.id());
        assertThat(stored.get(2).orElseThrow().customerId()).isNull();
        assertThat(stored.get(5).orElseThrow().customerId()).isNull();
        for (var sid : List.of(fromOwn, fromShared, fromStranger, fromShortCode, earlier)) {
            assertThat(rows(sid)).as(sid).isEqualTo(1);
        }
        var own0 = messages.findBySid(fromOwn).orElseThrow();
        assertThat(own0.id()).isEqualTo(stored.get(0).orElseThrow().id());
        assertThat(own0.body()).isEqualTo("Café at 9? ✓ 😀");
        assertThat(own0.customerId()).isEqualTo(customer.id());
        assertThat(messages.findBySid(fromShortCode).orElseThrow().body()).isEmpty();
    }

    private long rows(String sid) {
        return jdbc.sql("select count(*) from messages where sid = :sid")
                .param("sid", sid)
                .query(Long.class)
                .single();
    }

    private static Message text(String sid, String from, String body) {
        return Message.received(sid, from, TwilioStandIn.NUMBER, body, AT, List.of());
    }

    private static final OffsetDateTime AT = OffsetDateTime.now();

    private static OffsetDateTime now() {
        return OffsetDateTime.now();
    }
}
