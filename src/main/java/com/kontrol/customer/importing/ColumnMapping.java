package com.kontrol.customer.importing;

import com.kontrol.web.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What each column of the file holds: a field of the customer, or nothing ({@link Field#SKIP}). Several columns may
 * hold numbers (the first column's number is the primary) or parts of the address (joined in order); the name is one
 * column or a first and a last name.
 */
record ColumnMapping(List<Field> fields) {

    enum Field {
        SKIP("Leave out"),
        NAME("Name"),
        FIRST_NAME("First name"),
        LAST_NAME("Last name"),
        PHONE("Phone number"),
        ADDRESS("Address (or part of it)"),
        EXTERNAL_REF("Reference in your other software"),
        CONSENT("Texting consent (opted out or not)");

        private final String label;

        Field(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Field ofCode(String code) {
            return Arrays.stream(values())
                    .filter(f -> f.code().equals(code))
                    .findFirst()
                    .orElseThrow(
                            () -> new InvalidInputException("\"" + code + "\" is not a field to map a column to."));
        }
    }

    // Header words that say what a column holds, as spreadsheets of customers name them.
    private static final Map<Field, List<String>> HINTS = Map.of(
            Field.FIRST_NAME, List.of("first name", "firstname", "first", "given name"),
            Field.LAST_NAME, List.of("last name", "lastname", "last", "surname", "family name"),
            Field.NAME, List.of("name", "customer", "customer name", "full name", "client", "contact", "display name"),
            Field.PHONE,
                    List.of(
                            "phone",
                            "mobile",
                            "cell",
                            "telephone",
                            "tel",
                            "phone number",
                            "mobile phone",
                            "cell phone",
                            "work phone",
                            "home phone",
                            "sms",
                            "number"),
            Field.ADDRESS,
                    List.of(
                            "address",
                            "street",
                            "street address",
                            "city",
                            "town",
                            "state",
                            "zip",
                            "zip code",
                            "postal code",
                            "postcode",
                            "address line 1",
                            "address line 2",
                            "service address"),
            Field.EXTERNAL_REF,
                    List.of("id", "ref", "reference", "external id", "customer id", "account", "account number"),
            Field.CONSENT,
                    List.of(
                            "consent",
                            "sms consent",
                            "opted out",
                            "opt out",
                            "optout",
                            "do not text",
                            "sms opt out",
                            "unsubscribed",
                            "texting",
                            "sms allowed"));

    /** A first guess from the header's names; what no hint names is left out. */
    static ColumnMapping guess(List<String> header) {
        var fields = new ArrayList<Field>();
        for (var name : header) {
            var key = name.toLowerCase(Locale.ROOT)
                    .replaceAll("[_\\-.#]", " ")
                    .replaceAll("\\s+", " ")
                    .strip();
            var field = Field.SKIP;
            for (var candidate : List.of(
                    Field.FIRST_NAME,
                    Field.LAST_NAME,
                    Field.CONSENT,
                    Field.PHONE,
                    Field.ADDRESS,
                    Field.EXTERNAL_REF,
                    Field.NAME)) {
                if (HINTS.get(candidate).contains(key)) {
                    field = candidate;
                    break;
                }
            }
            fields.add(field);
        }
        return new ColumnMapping(fields);
    }

    /** As kept: the fields' codes comma-separated, '' for a column left out. */
    String code() {
        return String.join(
                ",", fields.stream().map(f -> f == Field.SKIP ? "" : f.code()).toList());
    }

    static ColumnMapping ofCode(String code, int columns) {
        var fields = new ArrayList<Field>();
        var parts = code.split(",", -1);
        for (int i = 0; i < columns; i++) {
            fields.add(i < parts.length && !parts[i].isEmpty() ? Field.ofCode(parts[i]) : Field.SKIP);
        }
        return new ColumnMapping(fields);
    }

    /** The columns that hold {@code field}, in order. */
    List<Integer> columnsOf(Field field) {
        var out = new ArrayList<Integer>();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i) == field) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * @throws InvalidInputException when the mapping cannot make customers: no name, no number, a field that can
     *     only be one column given twice
     */
    ColumnMapping check() {
        var errors = new ArrayList<String>();
        if (columnsOf(Field.NAME).isEmpty()
                && columnsOf(Field.FIRST_NAME).isEmpty()
                && columnsOf(Field.LAST_NAME).isEmpty()) {
            errors.add("Choose the column with the name (or the first and last name).");
        }
        if (!columnsOf(Field.NAME).isEmpty()
                && !(columnsOf(Field.FIRST_NAME).isEmpty()
                        && columnsOf(Field.LAST_NAME).isEmpty())) {
            errors.add("Choose either a name column or first and last name columns, not both.");
        }
        if (columnsOf(Field.PHONE).isEmpty()) {
            errors.add("Choose at least one column with phone numbers.");
        }
        for (var single : List.of(Field.NAME, Field.FIRST_NAME, Field.LAST_NAME, Field.EXTERNAL_REF, Field.CONSENT)) {
            if (columnsOf(single).size() > 1) {
                errors.add("Only one column can be the " + single.label().toLowerCase(Locale.ROOT) + ".");
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(String.join(" ", errors));
        }
        return this;
    }
}
