package com.kontrol.messaging.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which words may take back consent (for staff to decide), and the rule's deadline of 10 business days. */
class RevocationPhrasesTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Please stop texting me",
                "STOP!!",
                "stop please",
                "Don't text me again",
                "do not message this number",
                "Wrong number",
                "you have the wrong person",
                "unsubscribe me",
                "Please remove me from your list",
                "no more texts thanks",
                "No más",
                "no me escriban por favor",
                "Dejen de enviar mensajes",
                "número equivocado",
                "Stop sending these",
                "quit messaging me",
                "cease contacting me",
                "never text this number again",
                "dont send me any more messages",
                "not my number",
                "opt me out",
                "optout",
                "take me off your list",
                "leave me alone",
                "unsub",
                "deja de escribir",
                "deje de contactar",
                "dejen de mandar",
                "darme de baja",
                "equivocado de número",
                "ALTO",
                "basta ya"
            })
    void wordsThatMayTakeBackConsentAreFlagged(String text) {
        assertThat(RevocationPhrases.plausible(text)).as(text).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Can you stop by Thursday afternoon?",
                "The tap won't stop dripping, can someone come today",
                "Please stop in after 3",
                "Yes",
                "Thanks, see you tomorrow",
                "I need to cancel my appointment",
                "Don't send the technician before 9 please",
                ""
            })
    void everydayTextsAreNot(String text) {
        assertThat(RevocationPhrases.plausible(text)).as(text).isFalse();
    }

    /**
     * The words are compared as the first version read them: decomposed, marks dropped, lower case, apostrophes gone,
     * anything but letters and numbers one space. It did that with four regular expressions over the whole text; the
     * one pass that replaced them gives the same for these texts (not for a Greek closing sigma right before
     * punctuation, nor for two spacing Greek accents that decompose to an apostrophe: no phrase has either).
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "Don't TEXT me!",
                "No MÁS, por favor…",
                "  número   equivocado  ",
                "It’s the wrong number ✓ 😀 ok",
                "ﬁne — café crème, naïve façade",
                "Ｓｔｏｐ texting",
                "e\u0301 decomposed already",
                "100% done & ½ paid, 2nd visit",
                "İstanbul ΣΊΣΥΦΟΣ",
                "tab\tnew\nline\u0000nul",
                "´quoted´ `back` 'single'",
                "🙂🙂🙂",
                ""
            })
    void wordsAreNormalisedAsTheRegularExpressionsDid(String text) {
        assertThat(RevocationPhrases.normalized(text)).isEqualTo(byRegularExpressions(text));
    }

    private static String byRegularExpressions(String body) {
        var plain = Normalizer.normalize(body, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        var bare = plain.toLowerCase(Locale.ROOT).replaceAll("['’`´]", "");
        return bare.replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    @ParameterizedTest
    @CsvSource({
        // received on → decide by: 10 weekdays later, weekends skipped
        "2026-12-04, 2026-12-18", // a Friday: two weeks later, Friday
        "2026-12-05, 2026-12-18", // a Saturday: counts from Monday
        "2026-12-07, 2026-12-21", // a Monday
        "2026-12-31, 2027-01-14"
    })
    void theDeadlineIsTenBusinessDaysAfterReceipt(LocalDate received, LocalDate deadline) {
        assertThat(ConsentReviews.businessDaysAfter(received, ConsentReviews.BUSINESS_DAYS))
                .isEqualTo(deadline);
    }
}
