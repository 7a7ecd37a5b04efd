package com.kontrol.notification;

import com.kontrol.database.Database;
import com.kontrol.database.OwnTransaction;
import com.kontrol.messaging.Direction;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.MessageReceived;
import com.kontrol.messaging.outbound.Outbox;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The after-hours reply: a customer who texts while the office is closed gets Settings › Business hours' text, once
 * per closed period however many texts they send. Never in answer to STOP, START or HELP, nor to a texted YES or NO
 * (an approval's answer), and never to someone who cannot be texted (the outbox refuses, and that is recorded).
 */
@Component
class AfterHoursReply {

    private static final Logger log = LoggerFactory.getLogger(AfterHoursReply.class);

    // Carrier keywords and bare approval answers: the carrier or Kontrol already answers them.
    private static final Set<String> NO_REPLY = Set.of(
            "STOP",
            "STOPALL",
            "UNSUBSCRIBE",
            "CANCEL",
            "END",
            "QUIT",
            "REVOKE",
            "OPTOUT",
            "START",
            "UNSTOP",
            "HELP",
            "INFO");

    private static final String CLAIM = """
            insert into after_hours_replies (customer_id, closed_since)
            select :customerId, :closedSince
            where not exists (select 1 from after_hours_replies
                              where customer_id = :customerId and closed_since = :closedSince)
            """;

    private final TransactionTemplate ownTransaction;
    private final BusinessHours hours;
    private final Outbox outbox;
    private final JdbcClient jdbc;
    private final boolean postgres;

    AfterHoursReply(
            BusinessHours hours,
            Outbox outbox,
            JdbcClient jdbc,
            Database database,
            PlatformTransactionManager transactionManager) {
        this.ownTransaction = OwnTransaction.with(transactionManager);
        this.hours = hours;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.postgres = database.isPostgres();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void received(MessageReceived event) {
        var m = event.message();
        if (m.customerId() == null || m.direction() != Direction.INBOUND || event.consentChanged()) {
            return;
        }
        var word = m.body() == null
                ? ""
                : m.body().strip().replaceAll("[.!]+$", "").toUpperCase(Locale.ROOT);
        if (NO_REPLY.contains(word)
                || ApprovalReplies.read(m.body()).isPresent()
                || VisitReplies.read(m.body()).isPresent()) {
            return;
        }
        var settings = hours.settings();
        if (!settings.afterHoursEnabled()) {
            return;
        }
        var closedSince = hours.closedSince(m.createdAt().toInstant());
        if (closedSince.isEmpty()) {
            return;
        }
        var at = closedSince.get().atOffset(java.time.ZoneOffset.UTC);
        // Only now, with a reply perhaps to send, a transaction: most texts come in while the office is open.
        ownTransaction.executeWithoutResult(status -> reply(m, settings, at));
    }

    private void reply(Message m, BusinessHours.Settings settings, OffsetDateTime at) {
        int claimed;
        try {
            claimed = jdbc.sql(postgres ? CLAIM + " on conflict do nothing" : CLAIM)
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
        var reply = outbox.queue(m.customerId(), settings.afterHoursBody(), null, Outbox.AFTER_HOURS);
        jdbc.sql("update after_hours_replies set message_id = :id where customer_id = :customerId"
                        + " and closed_since = :closedSince")
                .param("id", reply.id())
                .param("customerId", m.customerId())
                .param("closedSince", at)
                .update();
    }
}
