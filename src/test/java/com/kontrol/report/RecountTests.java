package com.kontrol.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.kontrol.KontrolTest;
import com.kontrol.Staff;
import com.kontrol.TestCustomers;
import com.kontrol.TwilioStandIn;
import com.kontrol.Webhooks;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The counts kept as texts happen equal a recount from the messages (issue 34): random traffic in three rounds, each
 * tallied as it comes, then "count again" from the first message gives the same rows. The traffic is put on days long
 * ago that no other test uses, so that only its own rows are compared.
 */
@KontrolTest
@WithTwilioStandIn
class RecountTests {

    private static final String[] WORDS = {"boiler", "Tuesday", "ok", "leak", "🙂", "invoice", "x".repeat(90), "façade"
    };

    @Autowired
    MockMvc mvc;

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Autowired
    MessageTally tally;

    @Autowired
    JdbcClient jdbc;

    @Test
    void countsKeptAsTextsHappenEqualARecountAfterRandomTraffic() throws Exception {
        long seed = System.nanoTime();
        var random = new Random(seed);
        var firstDay = LocalDate.now().minusDays(500 + random.nextInt(100));
        var people = new ArrayList<Customer>();
        for (int i = 0; i < 4; i++) {
            people.add(customers.add("Recounted " + i + " " + seed, List.of(TestCustomers.newPhone()), true));
        }
        for (int round = 0; round < 3; round++) {
            var ids = new ArrayList<Long>();
            for (int i = 0; i < 25; i++) {
                var who = people.get(random.nextInt(people.size()));
                var phone = who.primaryPhone().orElseThrow().e164();
                if (random.nextInt(3) > 0) {
                    var sid = Webhooks.newSid();
                    new Webhooks(mvc)
                            .inbound(Webhooks.text(sid, phone, body(random)))
                            .andExpect(status().isOk());
                    ids.add(messages.findBySid(sid).orElseThrow().id());
                } else {
                    var sender = switch (random.nextInt(3)) {
                        case 0 -> Sender.person(random.nextBoolean() ? "admin" : "kim");
                        case 1 -> Sender.Automatic.NOTIFICATION;
                        default -> Sender.Automatic.AFTER_HOURS;
                    };
                    ids.add(messages.add(Message.queued(
                                            who.id(),
                                            null,
                                            TwilioStandIn.NUMBER,
                                            phone,
                                            body(random),
                                            sender,
                                            OffsetDateTime.now())
                                    .withSid(Webhooks.newSid()))
                            .id());
                }
            }
            for (var id : ids) { // spread over four days long ago, at any hour
                jdbc.sql("update messages set created_at = cast(:day as timestamp with time zone)"
                                + " + make_interval(mins => :minutes) where id = :id")
                        .param("day", firstDay.plusDays(random.nextInt(4)).toString())
                        .param("minutes", random.nextInt(24 * 60))
                        .param("id", id)
                        .update();
            }
            tallyAll();
        }
        var kept = counts(firstDay);
        assertThat(kept).as("seed %d", seed).isNotEmpty();

        mvc.perform(post("/api/v1/reports/recount")
                        .contentType(MediaType.APPLICATION_JSON)
                        .with(Staff.admin()))
                .andExpect(status().isAccepted());
        assertThat(counts(firstDay)).isEmpty();
        tallyAll();

        assertThat(counts(firstDay)).as("seed %d", seed).isEqualTo(kept);
        mvc.perform(post("/api/v1/reports/recount")
                        .contentType(MediaType.APPLICATION_JSON)
                        .with(user("kim").roles("STAFF")))
                .andExpect(status().isForbidden());
    }

    private static String body(Random random) {
        var words = new StringBuilder();
        for (int i = random.nextInt(40) + 1; i > 0; i--) {
            words.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        return words.toString().strip();
    }

    private Map<String, Long> counts(LocalDate firstDay) {
        var out = new TreeMap<String, Long>();
        jdbc.sql("select day, hour, metric, username, count from report_counts where day between :from and :to")
                .param("from", firstDay)
                .param("to", firstDay.plusDays(3))
                .query(rs -> {
                    out.put(
                            rs.getString(1) + " " + rs.getInt(2) + " " + rs.getString(3) + " " + rs.getString(4),
                            rs.getLong(5));
                });
        return out;
    }

    private void tallyAll() {
        while (tally.countNext() == MessageTally.BATCH) {
            // a long history from other tests
        }
    }
}
