package com.kontrol.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What is wrong with a submitted form, field by field, in the order found: the first message for a field wins. Pages
 * show them with the {@code fragments/forms} fragments; the JSON API joins them into one {@code {"error"}}.
 */
public final class FieldErrors {

    private final Map<String, String> byField = new LinkedHashMap<>();

    /** Records why {@code field} cannot be saved, unless it already has a reason. */
    public void reject(String field, String message) {
        byField.putIfAbsent(field, message);
    }

    public boolean isEmpty() {
        return byField.isEmpty();
    }

    public boolean has(String field) {
        return byField.containsKey(field);
    }

    /** The message for {@code field}, or null when it is fine. */
    public String of(String field) {
        return byField.get(field);
    }

    /** Every reason with its field, "password: At least 12 characters.", for an API's one error line. */
    public String describe() {
        var lines = new ArrayList<String>();
        byField.forEach((field, message) -> lines.add(field + ": " + message));
        return String.join(" ", lines);
    }

    public Collection<String> messages() {
        return byField.values();
    }
}
