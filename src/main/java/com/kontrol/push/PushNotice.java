package com.kontrol.push;

import java.time.Duration;
import java.util.LinkedHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a push says: a title (who), a short, cut body (what), the page it opens when tapped, and the conversation it is
 * about. Every push about one customer carries the same tag and topic, so the next replaces the one before on the
 * device and, while undelivered, at the push service: one notification per conversation.
 */
record PushNotice(String title, String body, String url, Long customerId, boolean urgent) {

    /** How long a push service keeps a push for a device that is off; older news is not worth a notification. */
    static final Duration TIME_TO_LIVE = Duration.ofDays(1);

    static final int MAX_BODY = 120;

    PushNotice {
        title = cut(title, 80);
        body = cut(body, MAX_BODY);
    }

    /** About a customer's conversation, opening it. */
    static PushNotice about(long customerId, String title, String body, boolean urgent) {
        return new PushNotice(title, body, "/communication/conversations/" + customerId, customerId, urgent);
    }

    /** The tag on the device and the push service's topic (RFC 8030: at most 32 base64url characters). */
    String topic() {
        return customerId == null ? "kontrol" : "c" + customerId;
    }

    /** The payload the service worker reads: well under the 4 KB a push may carry, encrypted. */
    String json() {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("title", title);
        fields.put("body", body);
        fields.put("tag", topic());
        fields.put("url", url);
        fields.put("urgent", urgent);
        return JsonMapper.shared().writeValueAsString(fields);
    }

    /** One line, at most {@code max} characters, cut at a word with "…". */
    static String cut(String text, int max) {
        if (text == null) {
            return "";
        }
        var line = text.strip().replaceAll("\\s+", " ");
        if (line.length() <= max) {
            return line;
        }
        var cut = line.substring(0, max - 1);
        int space = cut.lastIndexOf(' ');
        return (space > max / 2 ? cut.substring(0, space) : cut) + "…";
    }
}
