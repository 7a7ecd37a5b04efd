package com.kontrol.messaging.consent;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Words that plausibly take back consent to texts without being a carrier keyword (a whole-message STOP is one, and
 * the carrier and Kontrol act on it at once). These only flag a text for staff to decide: "can you stop by Thursday"
 * must not, "STOP please" and "stop texting me" must. English and Spanish, as the businesses' customers write them.
 */
public final class RevocationPhrases {

    private static final List<Pattern> PHRASES = List.of(
            // "stop texting me", "quit messaging", "stop sending these", "stop contacting me"
            words("(stop|quit|cease) (texting|messaging|sending|contacting|txting|msging|calling)"),
            words("(dont|do not|never) (text|message|msg|txt|contact)"),
            words("(dont|do not) send (me )?(any )?(more )?(texts|messages|msgs)"),
            words("no more (texts|text|messages|msgs|txts|reminders)"),
            words("(wrong|not my) (number|person)"),
            words("(unsubscribe|unsub|opt out|optout|opt me out|remove me|take me off|leave me alone)"),
            // Spanish: "no más", "no me escriban", "dejen de enviar", "basta", "alto"
            words("no mas"),
            words("no me (escriba|escriban|escribas|mande|manden|mandes|envie|envien|envies|contacte|contacten)"),
            words("(dejen|deja|deje) de (escribir|mandar|enviar|contactar)"),
            words("(numero equivocado|equivocado de numero|darse de baja|darme de baja)"));

    // Each phrase above and SHORT_STOP contains one of these (RevocationPhrasesTests flags an example of each phrase
    // and of every word in its alternatives' first group): checked first, as plain substrings,
    // because this runs for every text that arrives and the patterns cost far more.
    static final List<String> TRIGGERS = List.of(
            "stop",
            "quit",
            "cease",
            "dont",
            "do not",
            "never",
            "no more",
            "wrong",
            "not my",
            "unsub",
            "opt",
            "remove",
            "take me",
            "leave me",
            "no mas",
            "no me",
            "de escribir",
            "de mandar",
            "de enviar",
            "de contactar",
            "equivocado",
            "baja",
            "alto",
            "basta");

    // A bare STOP in a short text ("STOP!!", "stop please"), but not the field-service "stop by / in / over".
    private static final Pattern SHORT_STOP = words("(stop|alto|basta)(?! (by|in|over|at|for|the|your|my|when|if))");
    private static final int SHORT = 6;

    private RevocationPhrases() {}

    /** True when the text may be a request for no more texts, for a person to decide. */
    public static boolean plausible(String body) {
        if (body == null || body.isBlank()) {
            return false;
        }
        var text = normalized(body);
        if (TRIGGERS.stream().noneMatch(text::contains)) {
            return false; // nearly every text: none of the phrases' words is in it, so no pattern can match
        }
        if (PHRASES.stream().anyMatch(p -> p.matcher(text).find())) {
            return true;
        }
        return text.chars().filter(c -> c == ' ').count() < SHORT
                && SHORT_STOP.matcher(text).find();
    }

    /** Lower case without accents, apostrophes or punctuation, single spaces: "Don't TEXT me!" is "dont text me". */
    static String normalized(String body) {
        // One pass, as this runs for every text that arrives: ASCII at once, and only an accented letter decomposed
        // ("más" is "mas"). What is neither a letter nor a number (punctuation, symbols, emoji) separates words.
        var out = new StringBuilder(body.length());
        boolean gap = false;
        boolean beyondAscii = false;
        for (int i = 0; i < body.length(); ) {
            int c = body.codePointAt(i);
            i += Character.charCount(c);
            if (c < 0x80) {
                if (c == '\'' || c == '`') {
                    continue; // "don't" is "dont"
                }
                if (c >= 'A' && c <= 'Z') {
                    c += 'a' - 'A';
                }
                if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                    gap = append(out, c, gap);
                } else {
                    gap = true;
                }
            } else if (c == '\u2019' || c == '\u00B4' || isMark(c)) {
                continue; // a typographic apostrophe, or an accent already apart from its letter
            } else if (isLetterOrNumber(c)) {
                beyondAscii = true;
                var parts = Normalizer.normalize(Character.toString(c), Normalizer.Form.NFD);
                for (int j = 0; j < parts.length(); ) {
                    int p = parts.codePointAt(j);
                    j += Character.charCount(p);
                    if (isLetterOrNumber(p)) {
                        gap = append(out, p, gap);
                    } else if (!isMark(p)) {
                        gap = true;
                    }
                }
            } else {
                gap = true;
            }
        }
        // the whole at once, as a letter's lower case can depend on its neighbours (a closing Greek sigma)
        return beyondAscii ? out.toString().toLowerCase(Locale.ROOT) : out.toString();
    }

    private static boolean append(StringBuilder out, int c, boolean gap) {
        if (gap && !out.isEmpty()) {
            out.append(' ');
        }
        out.appendCodePoint(c);
        return false;
    }

    private static boolean isMark(int c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK
                || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }

    private static boolean isLetterOrNumber(int c) {
        int type = Character.getType(c);
        return Character.isLetter(c)
                || type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    private static Pattern words(String regex) {
        return Pattern.compile("(?<![\\p{L}\\p{N}])" + regex + "(?![\\p{L}\\p{N}])");
    }
}
