package com.kontrol.visit;

import com.kontrol.web.InvalidInputException;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** When the technician may arrive: "08:00-10:00", in the business's time zone; "24:00" ends the day. */
public record ArrivalWindow(String start, String end) {

    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,2}:\\d{2})\\s*[-–]\\s*(\\d{1,2}:\\d{2})\\s*");

    /** @throws InvalidInputException saying what a window looks like */
    public static ArrivalWindow parse(String text) {
        var m = FORM.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new InvalidInputException("An arrival window looks like 08:00-10:00, not \""
                    + (text == null ? "" : text.length() > 30 ? text.substring(0, 30) + "…" : text) + "\".");
        }
        var start = time(m.group(1));
        var end = time(m.group(2));
        if (start.compareTo(end) >= 0) {
            throw new InvalidInputException("The window must end after it starts: " + start + "-" + end + ".");
        }
        return new ArrivalWindow(start, end);
    }

    private static String time(String hhmm) {
        var padded = hhmm.length() == 4 ? "0" + hhmm : hhmm;
        if ("24:00".equals(padded)) {
            return padded;
        }
        try {
            return LocalTime.parse(padded).toString();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(hhmm + " is not a time of day (00:00 to 24:00).");
        }
    }

    /** "08:00-10:00". */
    @Override
    public String toString() {
        return start + "-" + end;
    }
}
