package com.kontrol.alert;

import com.kontrol.database.AfterCommit;
import com.kontrol.messaging.WaitingCustomers;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The e-mail that alerts send, kept in {@code mail_queue}: written in the transaction that decides to send it (so a
 * rolled-back decision sends nothing, and a committed one survives a restart), sent right after that commit, and
 * retried with back-off while the SMTP server refuses. Each row is claimed before it is sent, so two instances never
 * both send it; a sender that dies between sending and recording leaves the row to be sent again once its claim runs
 * out (SMTP has no way to ask "did you get this?", so that window, a second or so, is the one way to a duplicate).
 */
@Component
class MailQueue implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MailQueue.class);

    static final int MAX_ATTEMPTS = 8;
    static final Duration CLAIM = Duration.ofMinutes(2);

    /** An e-mail to queue: {@code waitingSince} (with {@code customerId}) when it is about a wait that may end first. */
    record Mail(
            String dedupKey,
            String recipient,
            String subject,
            String text,
            String html,
            Long customerId,
            Instant waitingSince) {}

    private final JdbcClient jdbc;
    private final ObjectProvider<JavaMailSender> sender;
    private final WaitingCustomers waiting;
    private final AlertSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        var t = new Thread(r, "mail-queue");
        t.setDaemon(true);
        return t;
    });

    MailQueue(
            JdbcClient jdbc,
            ObjectProvider<JavaMailSender> sender,
            WaitingCustomers waiting,
            AlertSettings settings,
            Clock clock,
            MeterRegistry meters) {
        this.meters = meters;
        this.jdbc = jdbc;
        this.sender = sender;
        this.waiting = waiting;
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether e-mail can go out at all: {@code spring.mail.host} is set. */
    boolean configured() {
        return sender.getIfAvailable() != null;
    }

    private static final String QUEUE = """
            insert into mail_queue (dedup_key, recipient, subject, text_body, html_body, customer_id, waiting_since,
                                    created_at, next_attempt_at)
            select :key, :recipient, :subject, :text, :html, :customerId, :waitingSince, :now, :now
            where not exists (select 1 from mail_queue where dedup_key = :key)
            """;

    /**
     * Queues {@code mail} in the current transaction, unless one with its key was queued before; false then, or when
     * no mail host is configured (nothing would ever send it). It goes once the transaction commits.
     */
    boolean queue(Mail mail) {
        if (!configured()) {
            return false;
        }
        var now = OffsetDateTime.now(clock);
        int queued;
        try {
            queued = jdbc.sql(QUEUE + " on conflict (dedup_key) do nothing")
                    .param("key", mail.dedupKey())
                    .param("recipient", mail.recipient())
                    .param("subject", mail.subject())
                    .param("text", mail.text())
                    .param("html", mail.html())
                    .param("customerId", mail.customerId())
                    .param(
                            "waitingSince",
                            mail.waitingSince() == null
                                    ? null
                                    : mail.waitingSince().atOffset(ZoneOffset.UTC))
                    .param("now", now)
                    .update();
        } catch (DuplicateKeyException e) {
            queued = 0; // the same alert decided at the same moment elsewhere
        }
        if (queued > 0) {
            sendAfterCommit();
        }
        return queued > 0;
    }

    private void sendAfterCommit() {
        AfterCommit.run(this::kick);
    }

    private void kick() {
        worker.execute(() -> sendDue(clock.instant()));
    }

    /** Kept this long after they went (or were dropped), for whoever asks why an alert did or did not come. */
    static final Duration KEPT = Duration.ofDays(30);

    /** Retries what failed before, and sends what a stopped instance left; also at start. Forgets old e-mail. */
    @Scheduled(fixedDelayString = "${kontrol.alerts.mail-retry-millis:30000}", initialDelay = 3_000)
    void retry() {
        if (configured()) {
            worker.execute(() -> sendDue(clock.instant()));
        }
        var before = OffsetDateTime.now(clock).minus(KEPT);
        jdbc.sql("delete from mail_queue where sent_at < :before or dropped_at < :before")
                .param("before", before)
                .update();
        jdbc.sql("delete from unanswered_alerts where waiting_since < :before")
                .param("before", before)
                .update();
    }

    private record Row(
            long id,
            String recipient,
            String subject,
            String text,
            String html,
            Long customerId,
            OffsetDateTime waitingSince,
            int attempts) {}

    /** Sends every e-mail due at {@code now} that no one else holds; returns how many went. */
    int sendDue(Instant now) {
        var mailSender = sender.getIfAvailable();
        if (mailSender == null) {
            return 0;
        }
        var at = now.atOffset(ZoneOffset.UTC);
        var due = jdbc.sql("select id from mail_queue where sent_at is null and dropped_at is null"
                        + " and next_attempt_at <= :now and (claimed_until is null or claimed_until < :now)"
                        + " order by id limit 100")
                .param("now", at)
                .query(Long.class)
                .list();
        int sent = 0;
        for (long id : due) {
            var claimed = jdbc.sql("update mail_queue set claimed_until = :until, attempts = attempts + 1"
                            + " where id = :id and sent_at is null and dropped_at is null"
                            + " and (claimed_until is null or claimed_until < :now)")
                    .param("id", id)
                    .param("now", at)
                    .param("until", at.plus(CLAIM))
                    .update();
            if (claimed == 0) {
                continue; // another sender has it
            }
            var row = jdbc.sql("select id, recipient, subject, text_body, html_body, customer_id, waiting_since,"
                            + " attempts from mail_queue where id = :id")
                    .param("id", id)
                    .query((rs, n) -> new Row(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getObject(6, Long.class),
                            rs.getObject(7, OffsetDateTime.class),
                            rs.getInt(8)))
                    .single();
            if (row.customerId() != null
                    && row.waitingSince() != null
                    && !waiting.stillWaiting(
                            row.customerId(), row.waitingSince().toInstant())) {
                finish(id, "dropped_at", at, "the wait was over: someone replied, closed or snoozed it");
                continue;
            }
            try {
                mailSender.send(mime -> {
                    var message = new MimeMessageHelper(mime, true, "UTF-8");
                    message.setFrom(settings.mailFrom());
                    message.setTo(row.recipient());
                    message.setSubject(row.subject());
                    message.setText(row.text(), row.html());
                });
                finish(id, "sent_at", at, null);
                sent++;
                meters.counter("kontrol.alerts.sent", "channel", "email").increment();
            } catch (MailException | IllegalStateException e) {
                failed(row, at, e);
            }
        }
        return sent;
    }

    private void finish(long id, String column, OffsetDateTime at, String why) {
        jdbc.sql("update mail_queue set " + column + " = :at, claimed_until = null, last_error = :why where id = :id")
                .param("at", at)
                .param("why", why)
                .param("id", id)
                .update();
    }

    private void failed(Row row, OffsetDateTime at, Exception e) {
        var why = String.valueOf(e.getMessage());
        why = why.length() > 500 ? why.substring(0, 500) : why;
        if (row.attempts() >= MAX_ATTEMPTS) {
            log.warn(
                    "Gave up on alert e-mail {} to {} after {} attempts: {}",
                    row.id(),
                    row.recipient(),
                    row.attempts(),
                    why);
            finish(row.id(), "dropped_at", at, why);
            return;
        }
        // 1, 2, 4 … minutes, at most an hour: a mail server that is down for a while is not hammered.
        var wait = Duration.ofMinutes(Math.min(60, 1L << (row.attempts() - 1)));
        log.info(
                "Alert e-mail {} to {} failed (attempt {}), retrying in {}: {}",
                row.id(),
                row.recipient(),
                row.attempts(),
                wait,
                why);
        jdbc.sql(
                        "update mail_queue set next_attempt_at = :next, claimed_until = null, last_error = :why where id = :id")
                .param("next", at.plus(wait))
                .param("why", why)
                .param("id", row.id())
                .update();
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
