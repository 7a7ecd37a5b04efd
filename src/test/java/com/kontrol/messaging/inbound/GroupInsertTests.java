package com.kontrol.messaging.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
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

    @Autowired
    WriterConnections writers;

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

    @Test
    void aGroupStoredInOneStatementKeepsItsConversationsAsTextByTextWould() {
        var fresh = customers.add("Upkeep Fresh", List.of(TestCustomers.newPhone()), true);
        var answered = customers.add("Upkeep Answered", List.of(TestCustomers.newPhone()), true);
        var closed = customers.add("Upkeep Closed", List.of(TestCustomers.newPhone()), true);
        var before = now().minusHours(1);
        conversation(answered, "open", null, before);
        conversation(closed, "closed", null, before);
        var retried = Webhooks.newSid();
        texts.receiveAndKeep(
                List.of(text(retried, phone(answered), "stored before")), List.of(phone(answered)), List.of(false));
        conversation(answered, "open", null, before); // answered since
        var t1 = now().minusMinutes(3).truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
        var t2 = now().minusMinutes(2).truncatedTo(ChronoUnit.MICROS);
        var t3 = now().minusMinutes(1).truncatedTo(ChronoUnit.MICROS);

        var stored = texts.receiveAndKeep(
                List.of(
                        text(Webhooks.newSid(), phone(fresh), "ok", t1), // a first text waits, even a bare "ok"
                        text(Webhooks.newSid(), phone(fresh), "and the boiler?", t2),
                        text(Webhooks.newSid(), phone(answered), "thanks!", t1), // quiet: stays answered
                        text(retried, phone(answered), "stored before", t3), // a retry moves nothing
                        text(Webhooks.newSid(), phone(closed), "ok", t1), // quiet on a closed one
                        text(Webhooks.newSid(), phone(closed), "it broke again", t2)), // reopens, waits from here
                List.of(phone(fresh), phone(fresh), phone(answered), phone(answered), phone(closed), phone(closed)),
                List.of(true, false, true, false, true, false));

        // Committed on its own: seen from any connection, with no transaction around the call.
        assertThat(stored).extracting(Optional::isPresent).containsExactly(true, true, true, false, true, true);
        assertThat(state(fresh))
                .isEqualTo("open " + t1.toInstant() + " "
                        + stored.get(1).orElseThrow().id());
        assertThat(state(answered))
                .isEqualTo("open null " + stored.get(2).orElseThrow().id());
        assertThat(state(closed))
                .isEqualTo("open " + t2.toInstant() + " "
                        + stored.get(5).orElseThrow().id());
    }

    @Test
    void theGroupStatementIsPlannedOnceForAllGroupsHoweverSmallTheyAre() {
        var phone = TestCustomers.newPhone().e164();
        for (int i = 0; i < 8; i++) { // light traffic: a group of one text at a time
            texts.receiveAndKeep(
                    List.of(text(Webhooks.newSid(), phone, "one at a time " + i)), List.of(phone), List.of(false));
        }

        // The driver prepares the statement on the server from its fifth use; PostgreSQL counts the plans it made.
        var plans = writers.jdbc()
                .sql("select custom_plans, generic_plans from pg_prepared_statements where statement like :statement")
                .param("statement", "%arrived as (%")
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .list();
        assertThat(plans).isNotEmpty().allSatisfy(counts -> {
            assertThat(counts[0]).as("plans made for one group").isZero();
            assertThat(counts[1]).as("uses of the plan for every group").isPositive();
        });
    }

    private void conversation(Customer customer, String state, OffsetDateTime waitingSince, OffsetDateTime at) {
        jdbc.sql("""
                        insert into conversations (customer_id, state, last_message_id, last_activity_at, waiting_since,
                                                   answered_at)
                        values (:id, :state, 0, :at, :waiting, :at)
                        on conflict (customer_id) do update set state = excluded.state, waiting_since = excluded.waiting_since
                        """)
                .param("id", customer.id())
                .param("state", state)
                .param("at", at)
                .param("waiting", waitingSince)
                .update();
    }

    private String state(Customer customer) {
        return jdbc.sql("select state, waiting_since, last_message_id from conversations where customer_id = :id")
                .param("id", customer.id())
                .query((rs, n) -> rs.getString(1) + " "
                        + (rs.getObject(2, OffsetDateTime.class) == null
                                ? "null"
                                : rs.getObject(2, OffsetDateTime.class).toInstant())
                        + " " + rs.getLong(3))
                .single();
    }

    private static String phone(Customer customer) {
        return customer.primaryPhone().orElseThrow().e164();
    }

    private static Message text(String sid, String from, String body, OffsetDateTime at) {
        return Message.received(sid, from, TwilioStandIn.NUMBER, body, at, List.of());
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
