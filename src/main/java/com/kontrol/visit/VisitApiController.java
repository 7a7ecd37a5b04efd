package com.kontrol.visit;

import com.kontrol.web.ApiController;
import java.security.Principal;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * {@code /api/v1/jobs/{id}/visits}: schedule a visit ({@code {"date":"2026-12-02","window":"08:00-10:00",
 * "technician":"sam"}}), list them, and change one with {@code PATCH …/visits/{visitId}} (any of those fields, or
 * {@code {"status":"cancelled"}}).
 */
@ApiController("/api/v1/jobs/{jobId}/visits")
class VisitApiController {

    record NewVisit(String date, String window, String technician) {}

    record VisitPatch(String date, String window, String technician, String status) {}

    record VisitJson(long id, long jobId, LocalDate date, String window, String technician, String status) {
        static VisitJson of(Visit v) {
            return new VisitJson(
                    v.id(),
                    v.jobId(),
                    v.date(),
                    v.window().toString(),
                    v.technician(),
                    v.status().code());
        }
    }

    record VisitList(List<VisitJson> visits) {}

    private final Visits visits;

    VisitApiController(Visits visits) {
        this.visits = visits;
    }

    @GetMapping
    VisitList list(@PathVariable long jobId) {
        return new VisitList(visits.ofJob(jobId).stream().map(VisitJson::of).toList());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    VisitJson schedule(@PathVariable long jobId, @RequestBody NewVisit body, Principal user) {
        return VisitJson.of(visits.schedule(jobId, body.date(), body.window(), body.technician(), user.getName()));
    }

    @PatchMapping("/{visitId}")
    VisitJson change(
            @PathVariable long jobId, @PathVariable long visitId, @RequestBody VisitPatch body, Principal user) {
        return VisitJson.of(visits.change(
                jobId,
                visitId,
                new Visits.Change(body.date(), body.window(), body.technician(), body.status()),
                user.getName()));
    }
}
