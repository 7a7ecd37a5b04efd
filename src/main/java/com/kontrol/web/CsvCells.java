package com.kontrol.web;

/**
 * A cell for a CSV that people open in a spreadsheet: text that a spreadsheet would run as a formula (a customer
 * named "=HYPERLINK(…)", a text that starts with "+", "-" or "@") starts with an apostrophe instead (OWASP's advice
 * on CSV injection); anything else as it is.
 */
public final class CsvCells {

    private CsvCells() {}

    public static Object safe(Object value) {
        if (value instanceof String s && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            return "'" + s;
        }
        return value;
    }
}
