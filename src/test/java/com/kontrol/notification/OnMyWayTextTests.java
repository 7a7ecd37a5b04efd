package com.kontrol.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The ways a technician writes "on my way", and what is not one. */
class OnMyWayTextTests {

    @ParameterizedTest
    @CsvSource(
            nullValues = "-",
            value = {
                "OMW, -, -",
                "omw!, -, -",
                "OMW 20, -, 20",
                "omw20, -, 20",
                "OMW 20 min, -, 20",
                "omw 20min, -, 20",
                "'On my way, 20 minutes', -, 20",
                "on my way 20 min, -, 20",
                "  Onmyway 5 mins. , -, 5",
                "OMW 2 20, 2, 20",
                "OMW #2 20min, 2, 20",
                "'omw 1, 15', 1, 15",
                "OMW eta 30, -, 30",
            })
    void isAnOnMyWayText(String body, Integer visit, Integer eta) {
        assertThat(OnMyWayText.parse(body)).contains(new OnMyWayText(visit, eta));
    }

    @ParameterizedTest
    @ValueSource(strings = {"OK", "on my way to Smith's", "omw in 20", "running late", "OMWX", "", "20 omw"})
    void isNot(String body) {
        assertThat(OnMyWayText.parse(body)).isEmpty();
    }
}
