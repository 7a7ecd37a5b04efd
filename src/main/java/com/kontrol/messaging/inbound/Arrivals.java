package com.kontrol.messaging.inbound;

import com.kontrol.messaging.inbound.IntakeSpool.Arrival;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Where the provider's webhooks hand over what arrived. It is stored at once through the {@link MessageIntake} when
 * the database takes it in time ({@code kontrol.spool.wait-for-database}), else kept in the outage spool, forced to disk, for
 * {@link SpoolReplay} to store once the database is back: either way the webhook may answer 200, and nothing it
 * answered 200 for is lost. While the spool holds anything, arrivals join it at the end, so that they are stored in
 * the order they came.
 */
@Service
public class Arrivals {

    private static final Logger log = LoggerFactory.getLogger(Arrivals.class);

    private final MessageIntake intake;
    private final IntakeSpool spool;
    private final Clock clock;

    Arrivals(MessageIntake intake, IntakeSpool spool, Clock clock) {
        this.intake = intake;
        this.spool = spool;
        this.clock = clock;
    }

    /**
     * A text that reached the business number: stored (and followed up), or spooled.
     *
     * @throws IllegalStateException when it could be neither (the spool is full): the webhook answers 503
     */
    public void text(IncomingText text) {
        var at = OffsetDateTime.now(clock);
        if (spool.keepIfHolding(Arrival.of(text, at))) {
            return;
        }
        try {
            intake.receive(text, at);
        } catch (RuntimeException e) {
            spoolAfter(e, Arrival.of(text, at), text.sid());
        }
    }

    /** A delivery report: applied, or spooled (the same rules as a text). */
    public void report(DeliveryReport report) {
        var at = OffsetDateTime.now(clock);
        if (spool.keepIfHolding(Arrival.of(report, at))) {
            return;
        }
        try {
            intake.statusReported(report);
        } catch (RuntimeException e) {
            spoolAfter(e, Arrival.of(report, at), report.sid());
        }
    }

    private void spoolAfter(RuntimeException why, Arrival arrival, String sid) {
        log.warn("The database did not take {} in time ({}): keeping it in the outage spool", sid, why.toString());
        log.debug("Why it was spooled", why);
        spool.keep(arrival);
    }
}
