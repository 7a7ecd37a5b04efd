package com.kontrol.hours;

import com.kontrol.database.OwnTransaction;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.messaging.outbound.TextToGo;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The after-hours reply: a customer who texts while the office is closed gets Settings › Business hours' text, once
 * per closed period however many texts they send, unless the text means something else (notification's reader decides);
 * never to someone who cannot be texted (the outbox refuses, and that is recorded).
 */
@Component
public class AfterHoursReply {

    private static final Logger log = LoggerFactory.getLogger(AfterHoursReply.class);

    private static final String CLAIM = """
            insert into after_hours_replies (customer_id, closed_since)
            select :customerId, :closedSince
            where not exists (select 1 from after_hours_replies
                              where customer_id = :customerId and closed_since = :closedSince)
            """;

    private final TransactionTemplate ownTransaction;
    private final Timetable timetable;
    private final BusinessHours hours;
    private final Outbox outbox;
    private final JdbcClient jdbc;

    AfterHoursReply(
            Timetable timetable,
            BusinessHours hours,
            Outbox outbox,
            JdbcClient jdbc,
            PlatformTransactionManager transactionManager) {
        this.ownTransaction = OwnTransaction.with(transactionManager);
        this.timetable = timetable;
        this.hours = hours;
        this.outbox = outbox;
        this.jdbc = jdbc;
    }

    /** The closed period a text from a customer arrives in, while the after-hours reply is on; else empty. */
    public Optional<OffsetDateTime> closedPeriodOf(Message m) {
        if (m.customerId() == null || !timetable.settings().afterHoursEnabled()) {
            return Optional.empty();
        }
        return hours.closedSince(m.createdAt().toInstant()).map(at -> at.atOffset(ZoneOffset.UTC));
    }

    /** Replies to a customer's text in a closed period, once per period however many texts they send. */
    public void reply(Message m, OffsetDateTime closedSince) {
        // Only now, with a reply perhaps to send, a transaction: most texts come in while the office is open.
        ownTransaction.executeWithoutResult(status -> reply(m, timetable.settings(), closedSince));
    }

    private void reply(Message m, Timetable.Settings settings, OffsetDateTime at) {
        int claimed;
        try {
            claimed = jdbc.sql(CLAIM + " on conflict do nothing")
                    .param("customerId", m.customerId())
                    .param("closedSince", at)
                    .update();
        } catch (DuplicateKeyException e) {
            claimed = 0; // another text of the same burst, at the same moment
        }
        if (claimed == 0) {
            return; // replied already in this closed period
        }
        var why = outbox.whyNot(m.customerId(), settings.afterHoursBody(), null);
        if (why.isPresent()) {
            log.info("No after-hours reply to customer {}: {}", m.customerId(), why.get());
            return;
        }
        var reply = outbox.queue(TextToGo.to(m.customerId(), settings.afterHoursBody(), Sender.Automatic.AFTER_HOURS));
        jdbc.sql("update after_hours_replies set message_id = :id where customer_id = :customerId"
                        + " and closed_since = :closedSince")
                .param("id", reply.id())
                .param("customerId", m.customerId())
                .param("closedSince", at)
                .update();
    }
}
