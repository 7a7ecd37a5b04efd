package com.kontrol.messaging.retention;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.messaging.ProviderCopies;
import com.kontrol.web.ConflictException;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.Times;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Applies the retention rule: redacts what is older than the rule's days, then (when asked) deletes the provider's
 * copies of what was redacted, and says in the audit log what it did. One instance at a time, once a day by itself or
 * at once when an admin asks; running it again changes nothing that is done.
 */
@Service
public class DataRetention {

    private static final Logger log = LoggerFactory.getLogger(DataRetention.class);

    /** What one run did. */
    public record Run(int redacted, int deletedAtProvider, int notYetAtProvider, boolean ran) {

        static final Run SKIPPED = new Run(0, 0, 0, false);

        String describe(RetentionRule rule) {
            var text = "Data retention (" + rule.days() + " days): redacted " + String.format("%,d", redacted) + " text"
                    + (redacted == 1 ? "" : "s");
            if (rule.deleteAtProvider()) {
                text += "; deleted " + String.format("%,d", deletedAtProvider) + " of Twilio's copies";
                if (notYetAtProvider > 0) {
                    text += ", " + String.format("%,d", notYetAtProvider) + " not deletable yet (tried again next run)";
                }
            }
            return text + ".";
        }
    }

    private final RetentionRules rules;
    private final Redactions redactions;
    private final ProviderCopies providerCopies;
    private final AuditLog audit;
    private final Times times;
    private final Clock clock;
    private final String instance = UUID.randomUUID().toString();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        var t = new Thread(r, "data-retention");
        t.setDaemon(true);
        return t;
    });

    DataRetention(
            RetentionRules rules,
            Redactions redactions,
            ProviderCopies providerCopies,
            AuditLog audit,
            Times times,
            Clock clock) {
        this.rules = rules;
        this.redactions = redactions;
        this.providerCopies = providerCopies;
        this.audit = audit;
        this.times = times;
        this.clock = clock;
    }

    RetentionRule rule() {
        return rules.rule();
    }

    /** Saves the rule (audited); {@code days} null keeps everything. */
    void save(Integer days, boolean deleteAtProvider, String by) {
        if (days != null && (days < 1 || days > RetentionRule.MAX_DAYS)) {
            throw new InvalidInputException("Keep texts for 1 to " + RetentionRule.MAX_DAYS
                    + " days, or leave the field empty to keep them all.");
        }
        var before = rules.rule();
        rules.save(days, deleteAtProvider, by);
        if (!Objects.equals(before.days(), days) || before.deleteAtProvider() != deleteAtProvider) {
            audit.record(
                    by,
                    AuditAction.SETTINGS_CHANGED,
                    null,
                    days == null
                            ? "Data retention: keep texts for good"
                            : "Data retention: redact texts after " + days + " days"
                                    + (deleteAtProvider ? ", and delete Twilio's copies" : ""));
        }
    }

    /** The daily run, when the rule is on and no instance ran it today. */
    Run runIfDue() {
        var rule = rules.rule();
        if (!rule.on() || !rules.claim(instance, today(), false)) {
            return Run.SKIPPED;
        }
        return runClaimed(rule, AuditLog.SYSTEM);
    }

    /**
     * Runs now, for an admin.
     *
     * @throws InvalidInputException when the rule is off
     * @throws ConflictException while another run is under way
     */
    public Run runNow(String by) {
        var rule = rules.rule();
        if (!rule.on()) {
            throw new InvalidInputException("Data retention is off: set the number of days first.");
        }
        if (!rules.claim(instance, today(), true)) {
            throw new ConflictException("Data retention is being applied right now (by another instance or person).");
        }
        return runClaimed(rule, by);
    }

    /**
     * Starts a run for an admin in the background (the provider's deletions can take long); its result goes to the
     * page and the audit log.
     *
     * @throws InvalidInputException when the rule is off
     * @throws ConflictException while another run is under way
     */
    void startNow(String by) {
        var rule = rules.rule();
        if (!rule.on()) {
            throw new InvalidInputException("Data retention is off: set the number of days first.");
        }
        if (!rules.claim(instance, today(), true)) {
            throw new ConflictException("Data retention is being applied right now (by another instance or person).");
        }
        background.execute(() -> {
            try {
                runClaimed(rule, by);
            } catch (RuntimeException e) {
                log.warn("Data retention started by {} failed", by, e);
            }
        });
    }

    private Run runClaimed(RetentionRule rule, String by) {
        try {
            var run = apply(rule);
            var result = run.describe(rule);
            rules.finished(instance, today(), result);
            if (run.redacted() > 0
                    || run.deletedAtProvider() > 0
                    || run.notYetAtProvider() > 0
                    || !AuditLog.SYSTEM.equals(by)) {
                audit.record(by, AuditAction.RETENTION_APPLIED, null, result);
            }
            log.info(result);
            return run;
        } catch (RuntimeException e) {
            rules.release(instance);
            throw e;
        }
    }

    private Run apply(RetentionRule rule) {
        var cutoff = OffsetDateTime.now(clock).minusDays(rule.days());
        int redacted = 0;
        for (int batch; (batch = redactions.redactBatch(cutoff, rule.days())) > 0; ) {
            redacted += batch;
            rules.extend(instance);
        }
        redacted += redactions.redactStaffTexts(cutoff);
        int deleted = 0;
        int notYet = 0;
        if (rule.deleteAtProvider() && providerCopies.available()) {
            long after = 0;
            for (var copies = redactions.providerCopies(after, 200);
                    !copies.isEmpty();
                    copies = redactions.providerCopies(after, 200)) {
                for (var copy : copies) {
                    after = copy.id();
                    if (providerCopies.delete(copy.sid(), copy.hadMedia()) == ProviderCopies.Deletion.DELETED) {
                        redactions.providerDeleted(copy.id());
                        deleted++;
                    } else {
                        redactions.providerNotYet(copy.id());
                        notYet++;
                    }
                }
                rules.extend(instance);
            }
        }
        return new Run(redacted, deleted, notYet, true);
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(times.zone()));
    }
}
