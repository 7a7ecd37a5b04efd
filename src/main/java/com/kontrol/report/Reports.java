package com.kontrol.report;

import com.kontrol.web.Times;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A report over a range, for the page and the API alike: response times (first and next, per person, the longest
 * waits) and what texting amounted to (texts each way, segments and their cost, pictures, the busy hours); for the
 * team ({@code username} null) or one person's own answers and typed texts.
 */
@Service
class Reports {

    record Report(
            ReportRange range,
            long targetSeconds,
            ResponseTimes.Figures firstResponse,
            ResponseTimes.Figures nextResponse,
            List<ResponseTimes.Person> byPerson,
            List<ResponseTimes.Wait> longestWaits,
            TextVolume.Texts texts,
            long[][] busiestHours,
            Team team,
            List<Period> series) {

        /** The largest count of texts in or out of one period: the chart's scale. */
        public long seriesMax() {
            return series.stream()
                    .mapToLong(p -> Math.max(p.in(), p.out()))
                    .max()
                    .orElse(0);
        }
    }

    /** One day (or week) of the range: texts in and out, and its first responses' median. */
    record Period(java.time.LocalDate start, long in, long out, ResponseTimes.Figures firstResponse) {}

    /** What only the team's report shows (null in one person's own): conversations, calls, consent and failures. */
    record Team(EventFigures.Conversations conversations, Calls calls, EventFigures.Trust trust) {}

    record Calls(long received, long missed) {}

    private final ResponseTimes responses;
    private final ResponseDays responseDays;
    private final TextVolume volume;
    private final EventFigures events;
    private final Times times;
    private final ResponseTarget target;
    private final BigDecimal segmentPrice;

    Reports(
            ResponseTimes responses,
            ResponseDays responseDays,
            TextVolume volume,
            EventFigures events,
            Times times,
            ResponseTarget target,
            @Value("${kontrol.reports.segment-price:0.0083}") BigDecimal segmentPrice) {
        this.responses = responses;
        this.responseDays = responseDays;
        this.volume = volume;
        this.events = events;
        this.times = times;
        this.target = target;
        this.segmentPrice = segmentPrice;
    }

    /** The whole report of the range: every table, chart and list. */
    @Transactional(readOnly = true)
    Report of(ReportRange range, String username, int waits) {
        var zone = times.zone();
        var start = range.start(zone);
        var end = range.end(zone);
        long targetSeconds = target.current().toSeconds();
        var days = responseDays.between(range.from(), range.to(), range.business(), username);
        var figures = ResponseTimes.figures(days, targetSeconds);
        return new Report(
                range,
                targetSeconds,
                figures.get("first"),
                figures.get("next"),
                ResponseTimes.people(days),
                waits == 0 ? List.of() : responses.longest(start, end, range.business(), username, waits),
                volume.texts(range.from(), range.to(), username, segmentPrice),
                username == null ? volume.busiestHours(range.from(), range.to()) : new long[7][24],
                username == null ? team(range, start, end) : null,
                series(range, username, days));
    }

    /**
     * What the page shows beside each figure for the days before: the response figures, the texts and the team's
     * counts; no lists, chart or heat map, which it does not show for them.
     */
    @Transactional(readOnly = true)
    Report figuresOnly(ReportRange range, String username) {
        var zone = times.zone();
        var start = range.start(zone);
        var end = range.end(zone);
        long targetSeconds = target.current().toSeconds();
        var figures = ResponseTimes.figures(
                responseDays.between(range.from(), range.to(), range.business(), username), targetSeconds);
        return new Report(
                range,
                targetSeconds,
                figures.get("first"),
                figures.get("next"),
                List.of(),
                List.of(),
                volume.texts(range.from(), range.to(), username, segmentPrice),
                new long[7][24],
                username == null ? team(range, start, end) : null,
                List.of());
    }

    private List<Period> series(ReportRange range, String username, List<ResponseDays.Day> days) {
        var firsts = ResponseTimes.firstPerPeriod(days, range);
        var out = new java.util.ArrayList<Period>();
        for (var p : volume.perPeriod(range.from(), range.to(), range.weekly()).entrySet()) {
            out.add(new Period(
                    p.getKey(),
                    username == null ? p.getValue()[0] : 0,
                    username == null ? p.getValue()[1] : 0,
                    firsts.getOrDefault(p.getKey(), ResponseTimes.Figures.NONE)));
        }
        return out;
    }

    private Team team(ReportRange range, java.time.Instant start, java.time.Instant end) {
        var counts = events.counts(start, end);
        return new Team(
                events.conversations(counts),
                new Calls(volume.calls(range.from(), range.to()), counts.getOrDefault("call_missed", 0L)),
                events.trust(start, end, counts));
    }

    /** The rows behind a figure of the team's report ({@link EventFigures#KINDS}). */
    List<EventFigures.Row> rows(ReportRange range, String kind, Integer code, int limit) {
        var zone = times.zone();
        return events.rows(kind, range.start(zone), range.end(zone), code, limit);
    }
}
