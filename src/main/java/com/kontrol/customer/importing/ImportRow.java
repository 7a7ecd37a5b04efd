package com.kontrol.customer.importing;

import com.kontrol.customer.importing.ColumnMapping.Field;
import com.kontrol.phone.InvalidPhoneNumberException;
import com.kontrol.phone.PhoneNumbers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One line of the file read through the mapping: the customer it describes, or why it cannot be one. {@code line} is
 * the line number a spreadsheet shows (the header is line 1).
 */
record ImportRow(
        int line,
        String name,
        List<String> phones,
        String address,
        String externalRef,
        boolean optedOut,
        String problem) {

    static final int MAX_NAME = 200;
    static final int MAX_ADDRESS = 300;
    static final int MAX_REF = 100;
    static final int MAX_PHONES = 10;

    // What a consent column says when the person asked not to be texted; what it says otherwise changes nothing (a
    // file never opts a number back in). Anything else is not guessed at.
    private static final Set<String> OPTED_OUT = Set.of(
            "opted out",
            "opted-out",
            "optedout",
            "opt out",
            "opt-out",
            "optout",
            "out",
            "unsubscribed",
            "stop",
            "stopped",
            "no",
            "n",
            "false",
            "0",
            "off",
            "do not text",
            "dnt",
            "blocked",
            "declined",
            "revoked");
    private static final Set<String> NOT_OPTED_OUT = Set.of(
            "",
            "opted in",
            "opted-in",
            "optedin",
            "opt in",
            "opt-in",
            "in",
            "subscribed",
            "yes",
            "y",
            "true",
            "1",
            "on",
            "ok",
            "allowed",
            "granted",
            "consented");

    static ImportRow read(List<String> cells, int line, ColumnMapping mapping, PhoneNumbers numbers) {
        var problems = new ArrayList<String>();
        var name = name(cells, mapping);
        if (name.isEmpty()) {
            problems.add("no name");
        } else if (name.length() > MAX_NAME) {
            problems.add("the name is longer than " + MAX_NAME + " characters");
        }
        var phones = new LinkedHashSet<String>();
        for (int column : mapping.columnsOf(Field.PHONE)) {
            for (var typed : CsvFile.cell(cells, column).split("[;,/|]")) {
                if (typed.isBlank()) {
                    continue;
                }
                try {
                    phones.add(numbers.parse(typed).e164());
                } catch (InvalidPhoneNumberException e) {
                    problems.add(e.getMessage().replaceAll("\\.$", "").replace(". Include", "; include"));
                }
            }
        }
        if (phones.size() > MAX_PHONES) {
            problems.add("more than " + MAX_PHONES + " numbers");
        }
        if (phones.isEmpty() && problems.stream().noneMatch(p -> p.contains("phone number"))) {
            problems.add("no phone number");
        }
        var address = String.join(
                ", ",
                mapping.columnsOf(Field.ADDRESS).stream()
                        .map(c -> CsvFile.cell(cells, c))
                        .filter(s -> !s.isBlank())
                        .toList());
        if (address.length() > MAX_ADDRESS) {
            problems.add("the address is longer than " + MAX_ADDRESS + " characters");
        }
        var ref = mapping.columnsOf(Field.EXTERNAL_REF).stream()
                .map(c -> CsvFile.cell(cells, c))
                .findFirst()
                .orElse("");
        if (ref.length() > MAX_REF) {
            problems.add("the reference is longer than " + MAX_REF + " characters");
        }
        boolean optedOut = false;
        for (int column : mapping.columnsOf(Field.CONSENT)) {
            var said = CsvFile.cell(cells, column).toLowerCase(Locale.ROOT).strip();
            if (OPTED_OUT.contains(said)) {
                optedOut = true;
            } else if (!NOT_OPTED_OUT.contains(said)) {
                problems.add("consent \"" + CsvFile.cell(cells, column)
                        + "\" is not understood: write \"opted out\" (or no) or \"yes\"");
            }
        }
        return new ImportRow(
                line,
                name,
                List.copyOf(phones),
                address.isEmpty() ? null : address,
                ref.isEmpty() ? null : ref,
                optedOut,
                problems.isEmpty() ? null : String.join("; ", problems));
    }

    private static String name(List<String> cells, ColumnMapping mapping) {
        var parts = new ArrayList<String>();
        for (var field : List.of(Field.NAME, Field.FIRST_NAME, Field.LAST_NAME)) {
            for (int column : mapping.columnsOf(field)) {
                var cell = CsvFile.cell(cells, column);
                if (!cell.isBlank()) {
                    parts.add(cell.strip());
                }
            }
        }
        return String.join(" ", parts).replaceAll("\\s+", " ");
    }
}
