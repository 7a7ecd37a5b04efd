package com.kontrol.customer.importing;

import com.kontrol.customer.importing.ImportPlan.Action;
import com.kontrol.customer.importing.ImportPlan.Existing;
import com.kontrol.customer.importing.ImportPlan.Line;
import com.kontrol.customer.importing.ImportPlan.Target;
import com.kontrol.phone.LineType;
import com.kontrol.phone.LineTypes;
import com.kontrol.phone.NumberConsent;
import com.kontrol.phone.PhoneNumbers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Works out an {@link ImportPlan} from the file, its mapping and the customers as they are now, reading nothing but
 * what the file names (its references and numbers) in a few queries. A line goes to the customer with its reference
 * (update), else to the one customer with one of its numbers (merge: the numbers added, the name kept), else becomes
 * a new customer; a later line with an earlier line's reference or number joins that line's customer. A known
 * landline is left out of the numbers (texts would not arrive there); a line with no number left is refused.
 */
@Component
class ImportPlanner {

    private static final int CHUNK = 1_000;

    private final JdbcClient jdbc;
    private final PhoneNumbers numbers;
    private final LineTypes lineTypes;
    private final NumberConsent consent;

    ImportPlanner(JdbcClient jdbc, PhoneNumbers numbers, LineTypes lineTypes, NumberConsent consent) {
        this.jdbc = jdbc;
        this.numbers = numbers;
        this.lineTypes = lineTypes;
        this.consent = consent;
    }

    ImportPlan plan(CsvFile file, ColumnMapping mapping) {
        var rows = new ArrayList<ImportRow>(file.rows().size());
        for (int i = 0; i < file.rows().size(); i++) {
            rows.add(ImportRow.read(file.rows().get(i), i + 2, mapping, numbers));
        }
        var phones = new HashSet<String>();
        var refs = new HashSet<String>();
        for (var row : rows) {
            phones.addAll(row.phones());
            if (row.externalRef() != null) {
                refs.add(row.externalRef());
            }
        }
        var landlines = new HashSet<String>();
        var optedOut = new HashSet<String>();
        for (var chunk : chunks(phones)) {
            lineTypes.of(chunk).values().stream()
                    .filter(LineType::landline)
                    .map(LineType::phone)
                    .forEach(landlines::add);
            optedOut.addAll(consent.optOutsAmong(chunk).keySet());
        }
        var idsByRef = lookUp(refs, "select external_ref, id from customers where external_ref in (:keys)");
        var idsByPhone = lookUp(phones, """
                select p.phone, p.customer_id from customer_phones p join customers c on c.id = p.customer_id
                where p.phone in (:keys) and c.archived_at is null
                """);
        var ids = new HashSet<Long>();
        idsByRef.values().forEach(ids::addAll);
        idsByPhone.values().forEach(ids::addAll);
        var existing = existing(ids);

        var plan = new ImportPlan();
        var byId = new HashMap<Long, Target>();
        var byRef = new HashMap<String, Target>(); // what the file's earlier lines made
        var byPhone = new HashMap<String, Target>();
        var listed = new HashSet<Target>(); // the existing customers among plan.targets
        Function<Long, Target> existingTarget = id -> byId.computeIfAbsent(id, k -> new Target(existing.get(k), 0));
        for (var row : rows) {
            if (row.problem() != null) {
                plan.lines.add(refused(row, row.problem()));
                continue;
            }
            var notes = new ArrayList<String>();
            var usable = new ArrayList<String>();
            for (var phone : row.phones()) {
                if (landlines.contains(phone)) {
                    notes.add(numbers.display(phone) + " is a landline: left out");
                } else {
                    usable.add(phone);
                }
            }
            if (usable.isEmpty()) {
                plan.lines.add(refused(
                        row, "only a landline (" + String.join(", ", row.phones()) + "): texts would not arrive"));
                continue;
            }
            Target target = null;
            Action action;
            if (row.externalRef() != null && byRef.containsKey(row.externalRef())) {
                target = byRef.get(row.externalRef());
                action = Action.UPDATE;
            } else if (row.externalRef() != null && idsByRef.containsKey(row.externalRef())) {
                target = existingTarget.apply(idsByRef.get(row.externalRef()).get(0));
                action = Action.UPDATE;
            } else {
                var candidates = new LinkedHashSet<Target>();
                for (var phone : usable) {
                    if (byPhone.containsKey(phone)) {
                        candidates.add(byPhone.get(phone));
                    } else {
                        idsByPhone
                                .getOrDefault(phone, List.of())
                                .forEach(id -> candidates.add(existingTarget.apply(id)));
                    }
                }
                if (candidates.size() > 1) {
                    plan.lines.add(refused(
                            row,
                            "its numbers belong to " + candidates.size() + " customers ("
                                    + String.join(
                                            ", ",
                                            candidates.stream()
                                                    .map(ImportPlanner::describe)
                                                    .toList())
                                    + "): which one is meant cannot be told"));
                    continue;
                }
                action = Action.MERGE;
                if (!candidates.isEmpty()) {
                    target = candidates.iterator().next();
                    if (row.externalRef() != null
                            && target.externalRef != null
                            && !target.externalRef.equals(row.externalRef())) {
                        target = null; // another customer of the other software who shares the number
                    }
                }
            }
            boolean made = target == null;
            if (made) {
                target = new Target(null, row.line());
                target.name = row.name();
                target.address = row.address();
                target.externalRef = row.externalRef();
                action = Action.CREATE;
                plan.targets.add(target);
            } else if (target.before != null && listed.add(target)) {
                plan.targets.add(target);
            }
            int phonesBefore = target.phones.size();
            var nameBefore = target.name;
            var addressBefore = target.address;
            var refBefore = target.externalRef;
            target.phones.addAll(usable);
            if (action == Action.UPDATE) {
                target.name = row.name();
                if (row.address() != null) {
                    target.address = row.address();
                }
            } else if (!made) { // merged: the customer keeps its name; what it lacks, the line gives
                if (target.address == null) {
                    target.address = row.address();
                }
                if (target.externalRef == null) {
                    target.externalRef = row.externalRef();
                }
                if (!row.name().equals(target.name)) {
                    notes.add("keeps the name " + target.name);
                }
            }
            if (!made
                    && phonesBefore == target.phones.size()
                    && nameBefore.equals(target.name)
                    && java.util.Objects.equals(addressBefore, target.address)
                    && java.util.Objects.equals(refBefore, target.externalRef)) {
                action = Action.UNCHANGED;
            }
            for (var phone : usable) {
                if (optedOut.contains(phone)) {
                    notes.add(numbers.display(phone) + " stays opted out");
                } else if (row.optedOut() && target.optOuts.add(phone)) {
                    plan.newOptOuts++;
                    notes.add(numbers.display(phone) + " opted out, as the file says");
                }
            }
            if (!made && target.before == null) {
                notes.add(0, "joins line " + target.firstLine);
            }
            if (target.externalRef != null) {
                byRef.putIfAbsent(target.externalRef, target);
            }
            for (var phone : target.phones) {
                byPhone.putIfAbsent(phone, target);
            }
            plan.lines.add(new Line(
                    row.line(),
                    action,
                    row.name(),
                    usable,
                    target.before == null ? null : target.before.id(),
                    target.before == null ? null : target.before.name(),
                    notes.isEmpty() ? null : String.join("; ", notes)));
        }
        return plan;
    }

    private static Line refused(ImportRow row, String why) {
        return new Line(row.line(), Action.REFUSED, row.name(), row.phones(), null, null, why);
    }

    private static String describe(Target t) {
        return t.before != null ? t.before.name() + " #" + t.before.id() : "line " + t.firstLine;
    }

    /** Key to the ids of the customers that have it, for the keys given. */
    private Map<String, List<Long>> lookUp(Set<String> keys, String sql) {
        var out = new HashMap<String, List<Long>>();
        for (var chunk : chunks(keys)) {
            jdbc.sql(sql).param("keys", chunk).query(rs -> {
                out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getLong(2));
            });
        }
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    private Map<Long, Existing> existing(Set<Long> ids) {
        var phones = new HashMap<Long, List<String>>();
        var out = new HashMap<Long, Existing>();
        for (var chunk : chunks(ids)) {
            jdbc.sql("select customer_id, phone from customer_phones where customer_id in (:ids)"
                            + " order by customer_id, is_primary desc, id")
                    .param("ids", chunk)
                    .query(rs -> {
                        phones.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                                .add(rs.getString(2));
                    });
            jdbc.sql("select id, name, address, external_ref from customers where id in (:ids)")
                    .param("ids", chunk)
                    .query(rs -> {
                        long id = rs.getLong(1);
                        out.put(
                                id,
                                new Existing(
                                        id,
                                        rs.getString(2),
                                        rs.getString(3),
                                        rs.getString(4),
                                        List.copyOf(phones.getOrDefault(id, List.of()))));
                    });
        }
        return out;
    }

    static <T> List<List<T>> chunks(Collection<T> all) {
        var list = new ArrayList<>(all);
        var out = new ArrayList<List<T>>();
        for (int i = 0; i < list.size(); i += CHUNK) {
            out.add(list.subList(i, Math.min(list.size(), i + CHUNK)));
        }
        return out;
    }
}
