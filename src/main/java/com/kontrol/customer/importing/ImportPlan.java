package com.kontrol.customer.importing;

import com.kontrol.web.CsvCells;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;

/**
 * What an import will do, line by line, before anything is written: each line creates a customer, updates the one with
 * its reference, merges into the one with its number (or an earlier line's), changes nothing, or is refused with the
 * reason; and the customers as they will be once written ({@link Target}), each once however many lines name it.
 */
final class ImportPlan {

    enum Action {
        CREATE("New customer"),
        UPDATE("Update (same reference)"),
        MERGE("Merge (same number)"),
        UNCHANGED("No change"),
        REFUSED("Refused");

        private final String label;

        Action(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One line of the file and what becomes of it; {@code customerId} the existing customer it goes to, if any. */
    record Line(
            int line,
            Action action,
            String name,
            List<String> phones,
            Long customerId,
            String customerName,
            String note) {}

    /** A customer already in Kontrol, as the import found it. */
    record Existing(long id, String name, String address, String externalRef, List<String> phones) {}

    /** A customer as the import leaves it: a new one ({@code before} null) or an existing one changed. */
    static final class Target {
        final Existing before;
        final int firstLine;
        String name;
        String address;
        String externalRef;
        final Set<String> phones = new LinkedHashSet<>();
        final Set<String> optOuts = new LinkedHashSet<>();

        Target(Existing before, int firstLine) {
            this.before = before;
            this.firstLine = firstLine;
            if (before != null) {
                name = before.name();
                address = before.address();
                externalRef = before.externalRef();
                phones.addAll(before.phones());
            }
        }

        boolean isNew() {
            return before == null;
        }

        /** The numbers the import adds to the customer, in order. */
        List<String> addedPhones() {
            return phones.stream()
                    .filter(p -> before == null || !before.phones().contains(p))
                    .toList();
        }

        /** True when writing it changes the customer (or makes it). */
        boolean changes() {
            return before == null
                    || !name.equals(before.name())
                    || !java.util.Objects.equals(address, before.address())
                    || !java.util.Objects.equals(externalRef, before.externalRef())
                    || !addedPhones().isEmpty();
        }
    }

    final List<Line> lines = new ArrayList<>();
    final List<Target> targets = new ArrayList<>();
    /** Numbers the file marks opted out that were not already. */
    int newOptOuts;

    /** How many lines of each action. */
    Map<Action, Integer> counts() {
        var out = new EnumMap<Action, Integer>(Action.class);
        for (var action : Action.values()) {
            out.put(action, 0);
        }
        lines.forEach(l -> out.merge(l.action(), 1, Integer::sum));
        return out;
    }

    /** The customers to write: new ones and those that change, each once. */
    List<Target> toWrite() {
        return targets.stream().filter(Target::changes).toList();
    }

    /** Also the targets that change nothing but take an opt-out: the numbers' consent is written for them too. */
    List<Target> withOptOuts() {
        return targets.stream()
                .filter(t -> !t.changes() && !t.optOuts.isEmpty())
                .toList();
    }

    /** The refused lines as CSV (line, name, reason): the admin fixes them and imports them again. */
    String refusedCsv() {
        var out = new StringWriter();
        try (var csv = CSVFormat.DEFAULT
                .builder()
                .setHeader("line", "name", "reason")
                .get()
                .print(out)) {
            for (var line : lines) {
                if (line.action() == Action.REFUSED) {
                    csv.printRecord(line.line(), CsvCells.safe(line.name()), CsvCells.safe(line.note()));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }
}
