package com.kontrol.phone;

import com.kontrol.database.AfterCommit;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each customer number's line type, looked up once when the number is saved (a paid lookup, so off until an admin
 * switches it on) and kept: pages warn "landline: texts will not arrive" before anyone types, and automatic texts to a
 * landline are skipped with that reason. A lookup that fails is not kept, so saving the number again tries again.
 */
@Component
public class LineTypes {

    private static final Logger log = LoggerFactory.getLogger(LineTypes.class);

    private final JdbcClient jdbc;
    private final ObjectProvider<LineTypeLookup> lookup;
    private final Clock clock;
    // One at a time, off the request: a lookup takes a round trip to the provider.
    private final ExecutorService lookups = Executors.newSingleThreadExecutor(r -> {
        var t = new Thread(r, "line-type-lookup");
        t.setDaemon(true);
        return t;
    });

    LineTypes(JdbcClient jdbc, ObjectProvider<LineTypeLookup> lookup, Clock clock) {
        this.jdbc = jdbc;
        this.lookup = lookup;
        this.clock = clock;
    }

    public boolean enabled() {
        return jdbc.sql("select enabled from line_type_settings where id = 1")
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /** Switches lookups on or off; false when it was so already (the caller audits a change and looks numbers up). */
    public boolean setEnabled(boolean enabled, String by) {
        var changed = jdbc.sql("""
                                update line_type_settings set enabled = :enabled, changed_by = :by, changed_at = :now
                                where id = 1 and enabled <> :enabled
                                """)
                        .param("enabled", enabled)
                        .param("by", by)
                        .param("now", OffsetDateTime.now(clock))
                        .update()
                > 0;
        return changed;
    }

    public Optional<LineType> of(String e164) {
        return jdbc.sql("select phone, line_type, carrier, looked_up_at from phone_line_types where phone = :phone")
                .param("phone", e164)
                .query(LineTypes::lineType)
                .optional();
    }

    /** The known line types of these numbers, by number. */
    public Map<String, LineType> of(Collection<String> phones) {
        var found = new HashMap<String, LineType>();
        if (phones.isEmpty()) {
            return found;
        }
        jdbc.sql("select phone, line_type, carrier, looked_up_at from phone_line_types where phone in (:phones)")
                .param("phones", phones)
                .query(LineTypes::lineType)
                .list()
                .forEach(t -> found.put(t.phone(), t));
        return found;
    }

    private static LineType lineType(ResultSet rs, int row) throws SQLException {
        return new LineType(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class));
    }

    /** True when a lookup said this number is a landline. */
    public boolean isLandline(String e164) {
        return of(e164).map(LineType::landline).orElse(false);
    }

    /**
     * Looks up the numbers not looked up before, once the caller's transaction has committed, when lookups are on.
     */
    public void lookUpLater(Collection<String> phones) {
        if (phones.isEmpty() || !enabled()) {
            return;
        }
        var todo = List.copyOf(phones);
        AfterCommit.run(() -> lookups.execute(() -> lookUpMissing(todo)));
    }

    void lookUpMissing(List<String> phones) {
        var port = lookup.getIfAvailable();
        if (port == null) {
            return;
        }
        var known = of(phones).keySet();
        for (var phone : phones) {
            if (known.contains(phone)) {
                continue;
            }
            try {
                port.lookUp(phone).ifPresent(answer -> keep(phone, answer));
            } catch (RuntimeException e) {
                log.warn("Line-type lookup of {} failed; it is tried again when the number is saved", phone, e);
            }
        }
    }

    private void keep(String phone, LineTypeLookup.Answer answer) {
        jdbc.sql("""
                        insert into phone_line_types (phone, line_type, carrier, looked_up_at)
                        select :phone, :type, :carrier, :now
                        where not exists (select 1 from phone_line_types where phone = :phone)
                        """)
                .param("phone", phone)
                .param("type", answer.type())
                .param("carrier", answer.carrier())
                .param("now", OffsetDateTime.now(clock))
                .update();
        log.info("Line type of {}: {}", phone, answer.type());
    }
}
