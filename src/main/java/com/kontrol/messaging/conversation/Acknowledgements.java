package com.kontrol.messaging.conversation;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * A bare acknowledgement ("ok", "thanks", "👍") to a conversation that was just answered or is closed is shown but
 * does not put it back in Needs reply: nobody needs to answer "thanks".
 */
final class Acknowledgements {

    static final Set<String> WORDS = Set.of(
            "ok",
            "okay",
            "k",
            "kk",
            "thanks",
            "thank you",
            "thx",
            "ty",
            "great",
            "perfect",
            "cool",
            "sounds good",
            "got it",
            "will do",
            "yes thanks",
            "ok thanks",
            "ok thank you",
            "👍",
            "🙏",
            "👌",
            "😊");

    private Acknowledgements() {}

    static boolean isBare(String body) {
        if (body == null) {
            return false;
        }
        var text = Normalizer.normalize(body, Normalizer.Form.NFC)
                .strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[.!\\s]+$", "")
                .replaceAll("\\s+", " ");
        return !text.isEmpty() && text.length() <= 20 && WORDS.contains(text);
    }
}
