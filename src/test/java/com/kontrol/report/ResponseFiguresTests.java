package com.kontrol.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The figures worked out from the days' waits are those of SQL's percentile_disc over every answer: the median and
 * p90 are the first waits at or above half and nine tenths of them, whatever the days' order, duplicates or sizes.
 */
class ResponseFiguresTests {

    @Test
    void medianAndP90AreTheWaitsASortWouldPutThere() {
        var random = new Random(42);
        for (int round = 0; round < 300; round++) {
            var days = new ArrayList<ResponseDays.Day>();
            var all = new ArrayList<Integer>();
            for (int d = random.nextInt(5) + 1; d > 0; d--) {
                var waits = new int[random.nextInt(40) + (round % 7 == 0 ? 0 : 1)];
                for (int i = 0; i < waits.length; i++) {
                    waits[i] = round % 3 == 0 ? random.nextInt(5) * 60 : random.nextInt(100_000); // many equal, or few
                    all.add(waits[i]);
                }
                days.add(new ResponseDays.Day(LocalDate.of(2026, 11, d), "first", "kim", waits));
            }
            var figures = ResponseTimes.figures(days, 900).get("first");
            if (all.isEmpty()) {
                assertThat(figures.count()).isZero();
                continue;
            }
            var sorted = all.stream().mapToInt(Integer::intValue).sorted().toArray();
            assertThat(figures.count()).isEqualTo(sorted.length);
            assertThat(figures.medianSeconds())
                    .as("round %d", round)
                    .isEqualTo(sorted[(int) Math.ceil(0.5 * sorted.length) - 1]);
            assertThat(figures.p90Seconds())
                    .as("round %d", round)
                    .isEqualTo(sorted[(int) Math.ceil(0.9 * sorted.length) - 1]);
            long within = Arrays.stream(sorted).filter(w -> w <= 900).count();
            assertThat(figures.withinTargetShare())
                    .isEqualTo(Math.round((double) within / sorted.length * 1000) / 1000.0);
        }
    }

    @Test
    void theMedianOfThreeAnswersOfOneFiveAndTwentyMinutesIsFive() {
        var days = List.of(
                new ResponseDays.Day(LocalDate.of(2024, 2, 14), "first", "admin", new int[] {1200, 60}),
                new ResponseDays.Day(LocalDate.of(2024, 2, 15), "first", "kim", new int[] {300}));
        var figures = ResponseTimes.figures(days, 900).get("first");
        assertThat(figures.medianSeconds()).isEqualTo(300);
        assertThat(figures.p90Seconds()).isEqualTo(1200);
        assertThat(figures.withinTargetShare()).isEqualTo(0.667);
        assertThat(ResponseTimes.people(days))
                .extracting(ResponseTimes.Person::username)
                .containsExactly("admin", "kim");
    }
}
