package com.kontrol.report;

import com.kontrol.web.ApiController;
import com.kontrol.web.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /api/v1/reports}: response times over a range of days in the business's time zone (both ends included),
 * counted in business hours unless {@code hours=all}. Admins see the team; everyone else their own answers.
 */
@ApiController("/api/v1/reports")
class ReportsApiController {

    private final Reports reports;
    private final MessageTally tally;
    private final ResponseDays responseDays;

    ReportsApiController(Reports reports, MessageTally tally, ResponseDays responseDays) {
        this.responseDays = responseDays;
        this.reports = reports;
        this.tally = tally;
    }

    @GetMapping("/summary")
    Map<String, Object> summary(
            @RequestParam String from,
            @RequestParam String to,
            @RequestParam(defaultValue = "business") String hours,
            Authentication me) {
        var report = reports.of(ReportRange.parse(from, to, hours), onlyOwn(me), 0);
        var out = new LinkedHashMap<String, Object>();
        out.put("from", from);
        out.put("to", to);
        out.put("hours", report.range().hours());
        out.put("targetSeconds", report.targetSeconds());
        out.put("firstResponse", report.firstResponse());
        out.put("nextResponse", report.nextResponse());
        var texts = report.texts();
        var textsJson = new LinkedHashMap<String, Object>();
        textsJson.put("in", texts.in());
        textsJson.put("out", texts.outTotal());
        textsJson.put("outByKind", texts.out());
        textsJson.put("segments", texts.segments());
        textsJson.put("mms", texts.mmsIn() + texts.mmsOut());
        textsJson.put("estimatedCost", texts.estimatedCost());
        out.put("texts", textsJson);
        var team = report.team();
        if (team != null) { // the team's report: an admin's
            out.put("conversations", team.conversations());
            out.put("calls", team.calls());
            out.put("optOuts", team.trust().optOuts());
            out.put("optIns", team.trust().optIns());
            out.put(
                    "consentReviews",
                    Map.of(
                            "opened",
                            team.trust().reviewsOpened(),
                            "decidedOptOut",
                            team.trust().reviewsOptOut()));
            out.put("landlines", team.trust().landlines());
            out.put("deliveryFailures", team.trust().deliveryFailures());
        }
        out.put("byPerson", report.byPerson());
        out.put("weekly", report.range().weekly());
        out.put("byPeriod", report.series());
        out.put("busiestHours", report.busiestHours());
        return out;
    }

    @GetMapping("/waits")
    Map<String, List<ResponseTimes.Wait>> waits(
            @RequestParam String from,
            @RequestParam String to,
            @RequestParam(defaultValue = "business") String hours,
            @RequestParam(defaultValue = "10") int limit,
            Authentication me) {
        var range = ReportRange.parse(from, to, hours);
        if (limit < 1 || limit > 100) {
            throw new InvalidInputException("limit is 1 to 100, not " + limit + ".");
        }
        return Map.of("waits", reports.of(range, onlyOwn(me), limit).longestWaits());
    }

    /**
     * Counts the texts again from the first message (admins): what to do after restoring a backup or moving the
     * business's time zone. The counts empty at once and fill in again within a few tally rounds; the answers' days are
     * counted again at once from the answers kept.
     */
    @PostMapping("/recount")
    ResponseEntity<Map<String, Object>> recount(Authentication me) {
        if (onlyOwn(me) != null) {
            throw new AccessDeniedException("Only an admin counts the texts again.");
        }
        tally.rebuild();
        responseDays.rebuild();
        return ResponseEntity.accepted()
                .body(Map.of(
                        "recounting",
                        true,
                        "note",
                        "The texts are counted again from the first; figures fill in within minutes."));
    }

    /** Null for an admin (the team), else the person's own username. */
    static String onlyOwn(Authentication me) {
        return me.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN")) ? null : me.getName();
    }
}
