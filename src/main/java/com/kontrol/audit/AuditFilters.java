package com.kontrol.audit;

import com.kontrol.web.InvalidInputException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Turns the filter parameters that the page, the CSV export and the API share into a query, or a clear error. */
final class AuditFilters {

    private AuditFilters() {}

    static AuditQuery parse(String actor, String action, String customerId, String from, String to) {
        var fromDay = day("from", from);
        var toDay = day("to", to);
        if (fromDay != null && toDay != null && toDay.isBefore(fromDay)) {
            throw new InvalidInputException("The range ends (" + toDay + ") before it starts (" + fromDay + ").");
        }
        return new AuditQuery(blankToNull(actor), action(action), customer(customerId), fromDay, toDay);
    }

    private static AuditAction action(String code) {
        if (blankToNull(code) == null) {
            return null;
        }
        return AuditAction.ofCode(code.strip())
                .orElseThrow(() -> new InvalidInputException("\"" + code.strip() + "\" is not an audit action."));
    }

    private static Long customer(String id) {
        if (blankToNull(id) == null) {
            return null;
        }
        try {
            return Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("\"" + id.strip() + "\" is not a customer id.");
        }
    }

    private static LocalDate day(String name, String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("\"" + value.strip() + "\" is not a date (" + name + ": YYYY-MM-DD).");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
