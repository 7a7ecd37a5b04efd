package com.kontrol.customer.importing;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.customer.CustomerHistory;
import com.kontrol.web.ConflictException;
import com.kontrol.web.NotFoundException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes an import back as a whole, within a day of its run: the customers it created are deleted (archived when they
 * have texts or jobs since), those it changed get their name, address and reference back and lose the numbers it
 * added. A customer someone changed after the import is left as it is (and counted), and opt-outs stay: a number that
 * asked not to be texted is not texted again because an import was taken back.
 */
@Service
class ImportUndo {

    record Outcome(int deleted, int archived, int restored, int leftChanged) {}

    private record Change(
            long customerId,
            boolean created,
            String name,
            String address,
            String ref,
            String addedPhones,
            boolean changedSince) {}

    private final CustomerImports imports;
    private final List<CustomerHistory> histories;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    ImportUndo(CustomerImports imports, List<CustomerHistory> histories, JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.imports = imports;
        this.histories = histories;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    Outcome undo(long id, String by) {
        var found = imports.find(id).orElseThrow(() -> new NotFoundException("There is no import " + id + "."));
        if (found.state().equals("undone")) {
            throw new ConflictException("The import was undone already.");
        }
        if (!found.undoable(OffsetDateTime.now(clock))) {
            throw new ConflictException("The import of " + found.fileName() + " cannot be undone: "
                    + (found.finished() ? "its day to undo it has passed." : "it is " + found.state() + "."));
        }
        if (!imports.undone(id, by)) {
            throw new ConflictException("The import was undone already.");
        }
        var changes = jdbc.sql("""
                        select x.customer_id, x.created, x.before_name, x.before_address, x.before_ref,
                               x.added_phones, c.version is distinct from x.version_after
                        from customer_import_changes x left join customers c on c.id = x.customer_id
                        where x.import_id = :id and c.id is not null
                        """)
                .param("id", id)
                .query((rs, n) -> new Change(
                        rs.getLong(1),
                        rs.getBoolean(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getBoolean(7)))
                .list();
        int leftChanged = 0;
        var created = new ArrayList<Long>();
        var restored = new ArrayList<Change>();
        for (var change : changes) {
            if (change.changedSince()) {
                leftChanged++;
            } else if (change.created()) {
                created.add(change.customerId());
            } else {
                restored.add(change);
            }
        }
        var kept = withHistory(created);
        var deleted = created.stream().filter(c -> !kept.contains(c)).toList();
        for (var chunk : ImportPlanner.chunks(deleted)) {
            jdbc.sql("delete from customers where id in (:ids)")
                    .param("ids", chunk)
                    .update();
        }
        for (var chunk : ImportPlanner.chunks(kept)) {
            jdbc.sql("update customers set archived_at = now() where id in (:ids) and archived_at is null")
                    .param("ids", chunk)
                    .update();
        }
        for (var change : restored) {
            jdbc.sql("""
                            update customers set name = :name, address = :address, external_ref = :ref, updated_at = now()
                            where id = :id
                            """)
                    .param("id", change.customerId())
                    .param("name", change.name())
                    .param("address", change.address())
                    .param("ref", change.ref())
                    .update();
            if (!change.addedPhones().isEmpty()) {
                jdbc.sql("delete from customer_phones where customer_id = :id and phone in (:phones)")
                        .param("id", change.customerId())
                        .param("phones", List.of(change.addedPhones().split(",")))
                        .update();
            }
        }
        var outcome = new Outcome(deleted.size(), kept.size(), restored.size(), leftChanged);
        audit.record(
                by,
                AuditAction.CUSTOMERS_IMPORT_UNDONE,
                null,
                "Undid the import of " + found.fileName() + " (import " + id + "): " + outcome.deleted()
                        + " customers deleted, " + outcome.archived() + " archived (texts or jobs since), "
                        + outcome.restored() + " restored, " + outcome.leftChanged()
                        + " left as they were changed since; opt-outs kept");
        return outcome;
    }

    private Set<Long> withHistory(List<Long> ids) {
        var out = new HashSet<Long>();
        for (var chunk : ImportPlanner.chunks(ids)) {
            for (var history : histories) {
                out.addAll(history.among(chunk));
            }
        }
        return out;
    }
}
