package com.kontrol.messaging.inbound;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The carrier-standard keywords: a whole message of one of them opts a customer out of texts, or back in. */
final class OptOutKeywords {

    enum Verdict {
        OPT_OUT,
        OPT_IN
    }

    private static final Set<String> OUT =
            Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT");
    private static final Set<String> IN = Set.of("START", "UNSTOP", "YES");

    private OptOutKeywords() {}

    /** The verdict of a text, from the provider's own {@code OptOutType} when given, else from its body. */
    static Optional<Verdict> of(String body, String optOutType) {
        if (optOutType != null) {
            switch (optOutType.strip().toUpperCase(Locale.ROOT)) {
                case "STOP" -> {
                    return Optional.of(Verdict.OPT_OUT);
                }
                case "START" -> {
                    return Optional.of(Verdict.OPT_IN);
                }
                default -> {
                    // HELP and anything new: fall through to the keywords
                }
            }
        }
        if (body == null) {
            return Optional.empty();
        }
        var word = body.strip().toUpperCase(Locale.ROOT);
        if (OUT.contains(word)) {
            return Optional.of(Verdict.OPT_OUT);
        }
        if (IN.contains(word)) {
            return Optional.of(Verdict.OPT_IN);
        }
        return Optional.empty();
    }
}
