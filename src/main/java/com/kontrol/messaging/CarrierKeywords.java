package com.kontrol.messaging;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The carrier-standard keywords, listed once: a whole text of one of them opts a number out of texts (STOP and its
 * family), back in (START and its family), or asks who is texting (HELP). Carriers and Twilio act on the same words.
 */
public final class CarrierKeywords {

    public enum Keyword {
        STOP,
        START,
        HELP
    }

    private static final Set<String> STOP =
            Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT");
    // YES opts a number back in only when it had opted out: from any other number it is an answer to Kontrol.
    private static final Set<String> START = Set.of("START", "UNSTOP", "YES");
    private static final Set<String> HELP = Set.of("HELP", "INFO");

    private CarrierKeywords() {}

    /** The keyword a text is, from the provider's own {@code OptOutType} when given, else from its body. */
    public static Optional<Keyword> of(String body, String optOutType) {
        if (optOutType != null) {
            switch (optOutType.strip().toUpperCase(Locale.ROOT)) {
                case "STOP" -> {
                    return Optional.of(Keyword.STOP);
                }
                case "START" -> {
                    return Optional.of(Keyword.START);
                }
                case "HELP" -> {
                    return Optional.of(Keyword.HELP);
                }
                default -> {
                    // anything new: fall through to the words
                }
            }
        }
        if (body == null) {
            return Optional.empty();
        }
        var stripped = body.strip();
        // Most texts are sentences, and every text is asked (more than once): one longer than every keyword, its
        // closing marks aside, is none; upper case never makes a text shorter.
        if (withoutClosingMarks(stripped) > LONGEST) {
            return Optional.empty();
        }
        var word = stripped.toUpperCase(Locale.ROOT);
        if (STOP.contains(word)) {
            return Optional.of(Keyword.STOP);
        }
        if (START.contains(word)) {
            return Optional.of(Keyword.START);
        }
        // HELP, Help!, info.: people add a mark to a question
        if (HELP.contains(word.substring(0, withoutClosingMarks(word)))) {
            return Optional.of(Keyword.HELP);
        }
        return Optional.empty();
    }

    private static final int LONGEST = Stream.of(STOP, START, HELP)
            .flatMap(Set::stream)
            .mapToInt(String::length)
            .max()
            .orElseThrow();

    /** The length of {@code word} without the ".", "!" and "?" it ends with. */
    private static int withoutClosingMarks(String word) {
        int end = word.length();
        while (end > 0 && ".!?".indexOf(word.charAt(end - 1)) >= 0) {
            end--;
        }
        return end;
    }

    /** STOP or START (or a word of their families): what decides whether a number may be texted. */
    public static Optional<Keyword> consentKeyword(String body, String optOutType) {
        return of(body, optOutType).filter(k -> k != Keyword.HELP);
    }
}
