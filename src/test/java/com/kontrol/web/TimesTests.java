package com.kontrol.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimesTests {

    @Test
    void timesStoredInUtcAreShownInTheBusinessTimeZone() {
        var times = new Times(new WebSettings(null, "America/Los_Angeles"));
        var noonUtc = OffsetDateTime.of(2026, 11, 27, 12, 0, 0, 0, ZoneOffset.UTC);
        assertThat(times.format(noonUtc, "d MMM HH:mm")).isEqualTo("27 Nov 04:00");
        assertThat(times.zoneName()).isNotBlank();
        assertThat(times.format(null, "HH:mm")).isEmpty();
    }
}
