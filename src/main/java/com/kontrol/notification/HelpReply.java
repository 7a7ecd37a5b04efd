package com.kontrol.notification;

import com.kontrol.database.OwnTransaction;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.phone.NumberConsent;
import com.kontrol.web.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The answer to HELP: carriers expect a number to answer HELP (and INFO, which Twilio treats alike) with who is texting
 * and how to stop. When Twilio's Advanced Opt-Out matched the keyword it has answered already (the webhook carries
 * {@code OptOutType}), so Kontrol stays quiet; otherwise it sends Settings › Notifications' "Help reply", to a customer
 * or an unknown number alike, at most once in {@link #QUIET} per number (an auto-responder must not loop with it), and
 * never to someone who opted out (Twilio gives them no help reply either).
 */
@Component
class HelpReply {

    static final Duration QUIET = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(HelpReply.class);

    private static final String REPLIED_LATELY = """
            select count(*) from messages
            where to_address = :phone and direction = 'outbound' and sent_by = :help and created_at > :since
            """;

    private final NotificationTemplates templates;
    private final Outbox outbox;
    private final NumberConsent numberConsent;
    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    HelpReply(
            NotificationTemplates templates,
            Outbox outbox,
            NumberConsent numberConsent,
            JdbcClient jdbc,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        this.templates = templates;
        this.outbox = outbox;
        this.numberConsent = numberConsent;
        this.jdbc = jdbc;
        this.ownTransaction = OwnTransaction.with(transactionManager);
        this.clock = clock;
    }

    /** Answers a text that asked for HELP ({@link CustomerTextReader} decided it is one). */
    void answer(Message m, boolean providerAnswered) {
        if (providerAnswered) {
            return; // Twilio's Advanced Opt-Out answered it already
        }
        var template = templates.of(NotificationKind.HELP_REPLY);
        if (!template.enabled()) {
            log.info("No help reply to message {}: the help reply is switched off", m.id());
            return;
        }
        ownTransaction.executeWithoutResult(status -> reply(m, template.body(), status));
    }

    private void reply(Message m, String body, TransactionStatus transaction) {
        var repliedLately = jdbc.sql(REPLIED_LATELY)
                        .param("phone", m.from())
                        .param("help", Sender.Automatic.HELP.code())
                        .param("since", OffsetDateTime.now(clock).minus(QUIET))
                        .query(Long.class)
                        .single()
                > 0;
        if (repliedLately) {
            log.info(
                    "No help reply to message {}: {} got one less than {} min ago",
                    m.id(),
                    m.from(),
                    QUIET.toMinutes());
            return;
        }
        if (m.customerId() != null) {
            var why = outbox.whyNot(m.customerId(), body, null);
            if (why.isPresent()) {
                log.info("No help reply to customer {}: {}", m.customerId(), why.get());
                return;
            }
            outbox.answer(
                    m.customerId(),
                    m.from(),
                    body,
                    Sender.Automatic.HELP); // to the number that asked, which the pause counts
        } else if (numberConsent.optOutOf(m.from()).isEmpty()) {
            try {
                outbox.queueToNumber(m.from(), body, Sender.Automatic.HELP);
            } catch (InvalidInputException e) {
                // A sender that is no phone number (a short code, a name). The outbox marked this transaction for
                // rollback as it refused; saying so here rolls it back quietly rather than failing at its commit.
                transaction.setRollbackOnly();
                log.info("No help reply to {}: {}", m.from(), e.getMessage());
            }
        }
    }
}
