package com.kontrol.messaging.inbox;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.messaging.outbound.OptOutWithdrawal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Consent of a number that matches no customer: a STOP from it is remembered against the number (nothing is sent to
 * it from the inbox until it texts START) and moves with the number to the customer it is assigned to. Callers are in
 * a transaction: the change and its audit entry commit together.
 */
@Component
public class NumberConsent {

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final OptOutWithdrawal withdrawal;

    NumberConsent(JdbcClient jdbc, AuditLog audit, OptOutWithdrawal withdrawal, Clock clock) {
        this.withdrawal = withdrawal;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    private static final String NEW_NUMBER = """
            insert into inbox_numbers (phone)
            select :phone where not exists (select 1 from inbox_numbers where phone = :phone)
            """;

    /** The number asked for no more texts ({@code why}: its words); false when it already had. */
    public boolean optOut(String phone, String why) {
        jdbc.sql(NEW_NUMBER).param("phone", phone).update();
        var changed = jdbc.sql("""
                                update inbox_numbers set opted_out_at = :now, opted_out_via = 'texted'
                                where phone = :phone and opted_out_at is null
                                """)
                        .param("phone", phone)
                        .param("now", OffsetDateTime.now(clock))
                        .update()
                > 0;
        if (changed) {
            audit.record(AuditLog.CUSTOMER, AuditAction.OPTOUT_CHANGED, null, phone + " opted out: " + why);
            withdrawal.numberOptedOut(phone);
        }
        return changed;
    }

    /** The number asked for texts again; false when it had not opted out. */
    public boolean optIn(String phone, String why) {
        var changed = jdbc.sql("update inbox_numbers set opted_out_at = null, opted_out_via = null"
                                + " where phone = :phone and opted_out_at is not null")
                        .param("phone", phone)
                        .update()
                > 0;
        if (changed) {
            audit.record(AuditLog.CUSTOMER, AuditAction.OPTOUT_CHANGED, null, phone + " opted back in: " + why);
        }
        return changed;
    }

    /** When the number opted out, if it has and not opted back in. */
    public Optional<OffsetDateTime> optedOutAt(String phone) {
        return jdbc.sql("select opted_out_at from inbox_numbers where phone = :phone and opted_out_at is not null")
                .param("phone", phone)
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class))
                .optional();
    }
}
