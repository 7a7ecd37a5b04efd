package com.kontrol.messaging.search;

import java.util.Locale;

/**
 * The part of a text that shows why it was found: some words either side of the first match, the match marked. A text
 * found by its customer's name or its job shows its start.
 */
record Excerpt(String before, String match, String after) {

    static final int AROUND = 70;

    static Excerpt of(String body, SearchQuery query) {
        var text = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        var lower = text.toLowerCase(Locale.ROOT);
        for (var needle : query.needles()) {
            var at = lower.indexOf(needle);
            if (at >= 0) {
                var from = Math.max(0, at - AROUND);
                var to = Math.min(text.length(), at + needle.length() + AROUND);
                return new Excerpt(
                        (from > 0 ? "…" : "") + text.substring(from, at),
                        text.substring(at, at + needle.length()),
                        text.substring(at + needle.length(), to) + (to < text.length() ? "…" : ""));
            }
        }
        var to = Math.min(text.length(), 2 * AROUND);
        return new Excerpt(text.substring(0, to) + (to < text.length() ? "…" : ""), "", "");
    }
}
