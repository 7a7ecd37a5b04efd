package com.kontrol.messaging.consent;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.messaging.CustomerOptedOut;
import com.kontrol.phone.ConsentSource;
import com.kontrol.phone.NumberConsent;
import com.kontrol.web.ConflictException;
import com.kontrol.web.NotFoundException;
import com.kontrol.web.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Texts that may take back consent ({@link RevocationPhrases}), each open until a person decides "opt-out" or "not an
 * opt-out", with the deadline the FCC's rule gives: 10 business days from receipt (Monday to Friday in the business's
 * time zone; public holidays are not skipped, which only brings the deadline earlier). Any opt-out of the customer,
 * however it came, closes their open reviews.
 */
@Service
public class ConsentReviews {

    /** Business days the rule allows for honouring a revocation. */
    static final int BUSINESS_DAYS = 10;

    /** One text to decide on: what the customer wrote, when, and by when a decision is due. */
    public record Review(long messageId, long customerId, String body, OffsetDateTime receivedAt, LocalDate deadline) {

        /** "Fri 18 Dec": the deadline as pages show it. */
        public String deadlineLabel() {
            return day(deadline);
        }
    }

    private final JdbcClient jdbc;
    private final NumberConsent consent;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Times times;
    private final Clock clock;

    ConsentReviews(
            JdbcClient jdbc,
            NumberConsent consent,
            ApplicationEventPublisher events,
            AuditLog audit,
            Times times,
            Clock clock) {
        this.jdbc = jdbc;
        this.consent = consent;
        this.events = events;
        this.audit = audit;
        this.times = times;
        this.clock = clock;
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);

    /** "Fri 18 Dec". */
    public static String day(LocalDate date) {
        return date.format(DAY);
    }

    /** The last day to decide on a text received at {@code receivedAt}. */
    LocalDate deadline(OffsetDateTime receivedAt) {
        return businessDaysAfter(receivedAt.atZoneSameInstant(times.zone()).toLocalDate(), BUSINESS_DAYS);
    }

    static LocalDate businessDaysAfter(LocalDate day, int count) {
        var d = day;
        for (int left = count; left > 0; ) {
            d = d.plusDays(1);
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                left--;
            }
        }
        return d;
    }

    /**
     * Opens a review of a text just stored, in the caller's transaction: one whose words may take back consent ({@link
     * RevocationPhrases#plausible}, which the caller asks before storing it; a carrier keyword is not reviewed: it has
     * acted already).
     */
    public void open(long messageId, Long customerId, OffsetDateTime receivedAt) {
        jdbc.sql("insert into consent_reviews (message_id, deadline) values (:id, :deadline)")
                .param("id", messageId)
                .param("deadline", deadline(receivedAt))
                .update();
        if (customerId != null) { // else shown once the number is assigned to a customer
            events.publishEvent(new ConsentReviewsChanged(customerId));
        }
    }

    private static final String OPEN = """
            select r.message_id, m.customer_id, m.body, m.created_at, r.deadline
            from consent_reviews r join messages m on m.id = r.message_id
            where r.decision is null and m.customer_id = :customerId
            order by r.message_id
            """;

    /** The customer's texts waiting for a decision, oldest first. */
    public List<Review> open(long customerId) {
        return jdbc.sql(OPEN)
                .param("customerId", customerId)
                .query(ConsentReviews::review)
                .list();
    }

    /** For each of these customers with a text waiting for a decision, the earliest deadline (an inbox page's). */
    public Map<Long, LocalDate> deadlines(Collection<Long> customerIds) {
        var found = new HashMap<Long, LocalDate>();
        if (customerIds.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                        select m.customer_id, min(r.deadline)
                        from consent_reviews r join messages m on m.id = r.message_id
                        where r.decision is null and m.customer_id in (:ids)
                        group by m.customer_id
                        """).param("ids", customerIds).query(rs -> {
            found.put(rs.getLong(1), rs.getObject(2, LocalDate.class));
        });
        return found;
    }

    /**
     * A person's decision on one text: an opt-out stops texts to the customer at once (and closes their other reviews);
     * "not an opt-out" closes this review only. Both are audited with the customer's words.
     *
     * @throws NotFoundException when the text is not the customer's or was never flagged
     * @throws ConflictException when someone decided already
     */
    @Transactional
    public Review decide(long customerId, long messageId, boolean optOut, String by) {
        var review = jdbc.sql("""
                        select r.message_id, m.customer_id, m.body, m.created_at, r.deadline, r.decision, r.decided_by
                        from consent_reviews r join messages m on m.id = r.message_id
                        where r.message_id = :id and m.customer_id = :customerId
                        """)
                .param("id", messageId)
                .param("customerId", customerId)
                .query((rs, n) -> {
                    if (rs.getString(6) != null) {
                        throw new ConflictException("Already decided by " + rs.getString(7) + ": "
                                + ("opt_out".equals(rs.getString(6)) ? "an opt-out." : "not an opt-out."));
                    }
                    return review(rs, n);
                })
                .optional()
                .orElseThrow(() -> new NotFoundException("Text " + messageId + " of customer " + customerId
                        + " is not waiting for a consent decision."));
        var decided = jdbc.sql("""
                        update consent_reviews set decision = :decision, decided_by = :by, decided_at = :now
                        where message_id = :id and decision is null
                        """)
                .param("decision", optOut ? "opt_out" : "not_opt_out")
                .param("by", by)
                .param("now", OffsetDateTime.now(clock))
                .param("id", messageId)
                .update();
        if (decided == 0) {
            throw new ConflictException("Someone decided on this text a moment ago.");
        }
        // The log names the text, never its words: data retention redacts the words, and the log is exported.
        audit.record(
                by,
                AuditAction.CONSENT_REVIEWED,
                customerId,
                (optOut ? "An opt-out: " : "Not an opt-out: ") + "text " + messageId + " of "
                        + times.format(review.receivedAt(), "d MMM yyyy HH:mm"));
        if (optOut) { // the number that wrote it, as if it had texted STOP
            var from = jdbc.sql("select from_address from messages where id = :id")
                    .param("id", messageId)
                    .query(String.class)
                    .single();
            consent.optOut(
                    from,
                    ConsentSource.REVIEW,
                    "recorded by " + by + " from their text of " + times.format(review.receivedAt(), "d MMM HH:mm"),
                    by);
        }
        events.publishEvent(new ConsentReviewsChanged(customerId));
        return review;
    }

    // Columns 1–5: message_id, customer_id, body, created_at, deadline.
    private static Review review(ResultSet rs, int row) throws SQLException {
        return new Review(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getObject(4, OffsetDateTime.class),
                rs.getObject(5, LocalDate.class));
    }

    /** However the customer opted out (STOP, the carrier, a person), nothing of theirs is left to decide. */
    @EventListener
    void optedOut(CustomerOptedOut event) {
        jdbc.sql("""
                        update consent_reviews set decision = 'opt_out', decided_by = :by, decided_at = :now
                        where decision is null
                          and message_id in (select id from messages where customer_id = :customerId)
                        """)
                .param("by", event.by())
                .param("now", OffsetDateTime.now(clock))
                .param("customerId", event.customerId())
                .update();
    }
}
