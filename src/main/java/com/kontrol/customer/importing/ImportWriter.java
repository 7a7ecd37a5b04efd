package com.kontrol.customer.importing;

import com.kontrol.customer.CustomerNumbersSaved;
import com.kontrol.customer.importing.ImportPlan.Target;
import com.kontrol.phone.ConsentSource;
import com.kontrol.phone.LineTypes;
import com.kontrol.phone.NumberConsent;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a slice of an import's customers in one transaction: the new ones and their numbers in batches (one round trip
 * per statement for the whole slice, not per customer: 50,000 lines in well under a minute), the changed ones, the
 * opt-outs the file gave (through {@link NumberConsent}, so that texts waiting for those numbers are withdrawn as for
 * any opt-out), and what each customer was before, for the undo.
 */
@Component
class ImportWriter {

    private final NamedParameterJdbcTemplate jdbc;
    private final NumberConsent consent;
    private final LineTypes lineTypes;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ImportWriter(
            NamedParameterJdbcTemplate jdbc,
            NumberConsent consent,
            LineTypes lineTypes,
            ApplicationEventPublisher events,
            Clock clock) {
        this.jdbc = jdbc;
        this.consent = consent;
        this.lineTypes = lineTypes;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    void write(long importId, String fileName, List<Target> targets, String by) {
        var now = Timestamp.from(Instant.now(clock));
        var made = targets.stream().filter(Target::isNew).toList();
        var ids = new HashMap<Target, Long>();
        if (!made.isEmpty()) {
            var newIds = jdbc.getJdbcTemplate()
                    .queryForList(
                            "select nextval(pg_get_serial_sequence('customers', 'id')) from generate_series(1, ?)",
                            Long.class,
                            made.size());
            for (int i = 0; i < made.size(); i++) {
                ids.put(made.get(i), newIds.get(i));
            }
            jdbc.batchUpdate(
                    """
                    insert into customers (id, name, sms_enabled, address, external_ref, created_at, updated_at)
                    values (:id, :name, true, :address, :ref, :now, :now)
                    """, made.stream().map(t -> params(t, ids.get(t), now)).toArray(SqlParameterSource[]::new));
        }
        var changed = targets.stream().filter(t -> !t.isNew()).toList();
        for (var t : changed) {
            ids.put(t, t.before.id());
        }
        if (!changed.isEmpty()) {
            jdbc.batchUpdate(
                    """
                    update customers set name = :name, address = :address, external_ref = :ref, archived_at = null,
                                         updated_at = :now
                    where id = :id
                    """, changed.stream().map(t -> params(t, ids.get(t), now)).toArray(SqlParameterSource[]::new));
        }
        var phones = new ArrayList<SqlParameterSource>();
        for (var t : targets) {
            var added = t.addedPhones();
            for (int i = 0; i < added.size(); i++) {
                phones.add(new MapSqlParameterSource()
                        .addValue("customerId", ids.get(t))
                        .addValue("phone", added.get(i))
                        .addValue(
                                "primary",
                                i == 0 && (t.isNew() || t.before.phones().isEmpty()))
                        .addValue("now", now));
            }
        }
        jdbc.batchUpdate("""
                insert into customer_phones (customer_id, phone, is_primary, created_at)
                values (:customerId, :phone, :primary, :now)
                on conflict do nothing
                """, phones.toArray(SqlParameterSource[]::new));
        jdbc.batchUpdate(
                """
                insert into customer_import_changes (import_id, customer_id, created, before_name, before_address,
                                                     before_ref, added_phones)
                values (:importId, :customerId, :created, :name, :address, :ref, :phones)
                """,
                targets.stream()
                        .map(t -> new MapSqlParameterSource()
                                .addValue("importId", importId)
                                .addValue("customerId", ids.get(t))
                                .addValue("created", t.isNew())
                                .addValue("name", t.isNew() ? null : t.before.name())
                                .addValue("address", t.isNew() ? null : t.before.address())
                                .addValue("ref", t.isNew() ? null : t.before.externalRef())
                                .addValue("phones", String.join(",", t.addedPhones())))
                        .toArray(SqlParameterSource[]::new));
        optOuts(fileName, targets, by);
        // What the customers are now: a later change by someone else makes the undo leave them alone.
        jdbc.update(
                """
                update customer_import_changes x set version_after = c.version
                from customers c
                where x.import_id = :importId and c.id = x.customer_id and x.customer_id in (:ids)
                """,
                new MapSqlParameterSource().addValue("importId", importId).addValue("ids", List.copyOf(ids.values())));
        var added = targets.stream().flatMap(t -> t.addedPhones().stream()).toList();
        lineTypes.lookUpLater(added);
        for (var t : targets) {
            if (!t.addedPhones().isEmpty()) {
                events.publishEvent(new CustomerNumbersSaved(ids.get(t), t.addedPhones()));
            }
        }
    }

    /** The opt-outs of customers the import leaves as they are otherwise. */
    @Transactional
    void optOutsOnly(String fileName, List<Target> targets, String by) {
        optOuts(fileName, targets, by);
    }

    private void optOuts(String fileName, List<Target> targets, String by) {
        for (var t : targets) {
            for (var phone : t.optOuts) {
                consent.optOut(phone, ConsentSource.IMPORTED, "marked opted out in the imported file " + fileName, by);
            }
        }
    }

    private static MapSqlParameterSource params(Target t, long id, Timestamp now) {
        Map<String, Object> values = new HashMap<>();
        values.put("id", id);
        values.put("name", t.name);
        values.put("address", t.address);
        values.put("ref", t.externalRef);
        values.put("now", now);
        return new MapSqlParameterSource(values);
    }
}
