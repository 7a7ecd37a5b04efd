package com.kontrol.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestDatabase;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class TimesTests {

    @Test
    void timesStoredInUtcAreShownInTheBusinessTimeZone() {
        var times = new Times(new WebSettings(null, "America/Los_Angeles"));
        var noonUtc = OffsetDateTime.of(2026, 11, 27, 12, 0, 0, 0, ZoneOffset.UTC);
        assertThat(times.format(noonUtc, "d MMM HH:mm")).isEqualTo("27 Nov 04:00");
        assertThat(times.zoneName()).isNotBlank();
        assertThat(times.format(null, "HH:mm")).isEmpty();
    }

    /** PostgreSQL reads a bare offset ("+05:30") as west of UTC: the zone it is given must put an instant on the same day. */
    @Test
    void theDatabaseReadsTheBusinessZoneAsJavaDoesForAnOffsetAsForARegion() {
        var jdbc = JdbcClient.create(TestDatabase.newDataSource());
        var lateEvening = OffsetDateTime.of(2026, 1, 1, 20, 0, 0, 0, ZoneOffset.UTC);
        for (var zone : List.of("+05:30", "-03:00", "Z", "UTC", "Etc/GMT-11", "Asia/Kolkata", "America/Los_Angeles")) {
            var times = new Times(new WebSettings(null, zone));
            var there = jdbc.sql("select cast(cast(:at as timestamptz) at time zone :zone as text)")
                    .param("at", lateEvening)
                    .param("zone", times.forDatabase())
                    .query(String.class)
                    .single();
            assertThat(there)
                    .as(zone + " (" + times.forDatabase() + ")")
                    .isEqualTo(lateEvening
                                    .atZoneSameInstant(times.zone())
                                    .toLocalDateTime()
                                    .toString()
                                    .replace('T', ' ')
                            + ":00");
        }
    }
}
