package com.kontrol.visit;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.job.Job;
import com.kontrol.job.Jobs;
import com.kontrol.security.StaffDirectory;
import com.kontrol.web.ConflictException;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import com.kontrol.web.Times;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The visits of jobs: scheduled with a day, a window and a technician (an enabled staff member with a mobile number,
 * who will text "on my way" from it), moved, reassigned or cancelled; each change audited and announced.
 */
@Service
public class Visits {

    private final JdbcClient jdbc;
    private final VisitAnswers answers;
    private final Jobs jobs;
    private final StaffDirectory staff;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Times times;
    private final Clock clock;

    Visits(
            JdbcClient jdbc,
            VisitAnswers answers,
            Jobs jobs,
            StaffDirectory staff,
            AuditLog audit,
            ApplicationEventPublisher events,
            Times times,
            Clock clock) {
        this.jdbc = jdbc;
        this.answers = answers;
        this.jobs = jobs;
        this.staff = staff;
        this.audit = audit;
        this.events = events;
        this.times = times;
        this.clock = clock;
    }

    private static final String COLUMNS =
            "id, job_id, visit_date, window_start, window_end, technician, status, created_by, created_at";

    /**
     * Schedules a visit.
     *
     * @throws InvalidInputException for a day in the past or not a day, a window that is not one, a technician who is
     *     not an enabled staff member with a mobile number
     */
    @Transactional
    public Visit schedule(long jobId, String date, String window, String technician, String by) {
        var job = job(jobId);
        var day = day(date);
        var hours = ArrivalWindow.parse(window);
        var tech = technician(technician);
        var now = OffsetDateTime.now(clock);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into visits (job_id, visit_date, window_start, window_end, technician, status,
                                            created_by, created_at, updated_at)
                        values (:jobId, :day, :start, :end, :technician, 'scheduled', :by, :now, :now)
                        """)
                .param("jobId", jobId)
                .param("day", day)
                .param("start", hours.start())
                .param("end", hours.end())
                .param("technician", tech)
                .param("by", by)
                .param("now", now)
                .update(keys, "id");
        var visit = find(jobId, keys.getKeyAs(Long.class));
        audit.record(
                by,
                AuditAction.VISIT_SCHEDULED,
                job.customerId(),
                "Visit " + visit.id() + " for job " + job.number() + " on " + day + " " + hours + ", " + tech);
        events.publishEvent(new VisitChanged(visit.id(), jobId, job.customerId()));
        return visit;
    }

    /** What a change asks for; null fields stay as they are. */
    public record Change(String date, String window, String technician, String status) {}

    /**
     * Changes a visit: a new day or window puts it back to scheduled (the customer's confirmation was for the old
     * time); {@code status} "cancelled" cancels it.
     *
     * @throws ConflictException for a cancelled visit
     */
    @Transactional
    public Visit change(long jobId, long visitId, Change change, String by) {
        var job = job(jobId);
        var visit = find(jobId, visitId);
        if (visit.cancelled()) {
            throw new ConflictException("Visit " + visitId + " is cancelled: schedule a new one instead.");
        }
        var day = change.date() == null ? visit.date() : day(change.date());
        var hours = change.window() == null ? visit.window() : ArrivalWindow.parse(change.window());
        var tech = change.technician() == null ? visit.technician() : technician(change.technician());
        var moved = !day.equals(visit.date()) || !hours.equals(visit.window());
        var status = change.status() == null
                ? (moved ? VisitStatus.SCHEDULED : visit.status())
                : VisitStatus.ofCode(change.status())
                        .orElseThrow(() -> new InvalidInputException("status is one of scheduled, confirmed,"
                                + " reschedule_requested, on_the_way, arrived, done, cancelled; not \""
                                + change.status() + "\"."));
        jdbc.sql("""
                        update visits set visit_date = :day, window_start = :start, window_end = :end,
                                          technician = :technician, status = :status, updated_at = :now
                        where id = :id
                        """)
                .param("day", day)
                .param("start", hours.start())
                .param("end", hours.end())
                .param("technician", tech)
                .param("status", status.code())
                .param("now", OffsetDateTime.now(clock))
                .param("id", visitId)
                .update();
        var after = find(jobId, visitId);
        audit.record(
                by,
                AuditAction.VISIT_CHANGED,
                job.customerId(),
                "Visit " + visitId + " for job " + job.number() + ": " + describe(visit) + " → " + describe(after));
        events.publishEvent(new VisitChanged(visitId, jobId, job.customerId()));
        return after;
    }

    /**
     * The customer answered by text ({@code status} confirmed or reschedule_requested, their {@code words}): recorded
     * with the text and the status it replaces, so that staff can undo it.
     */
    @Transactional
    public Visit answered(long jobId, long visitId, VisitStatus status, String words, long messageId, String by) {
        var before = find(jobId, visitId);
        answers.record(before, status, words, messageId);
        var after = change(jobId, visitId, new Change(null, null, null, status.code()), by);
        events.publishEvent(new VisitAnswered(
                visitId,
                jobId,
                job(jobId).customerId(),
                after.technician(),
                status,
                words,
                after.dayLabel() + ", " + after.window()));
        return after;
    }

    /**
     * Staff undo the customer's latest texted answer: the visit goes back to the status it had.
     *
     * @throws ConflictException when there is none to undo, or the visit changed since
     */
    @Transactional
    public Visit undoAnswer(long jobId, long visitId, String by) {
        var previous = answers.undo(find(jobId, visitId), by);
        return change(jobId, visitId, new Change(null, null, null, previous.code()), by);
    }

    private static String describe(Visit v) {
        return v.date() + " " + v.window() + ", " + v.technician() + ", "
                + v.status().code();
    }

    public List<Visit> ofJob(long jobId) {
        return jdbc.sql("select " + COLUMNS
                        + " from visits where job_id = :jobId order by visit_date, window_start, id")
                .param("jobId", jobId)
                .query(Visits::map)
                .list();
    }

    /** The visits of these jobs still waiting for the customer's answer (scheduled, today or later), soonest first. */
    public List<Visit> awaitingAnswer(List<Long> jobIds) {
        if (jobIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from visits where job_id in (:jobIds) and status = 'scheduled'"
                        + " and visit_date >= :today order by visit_date, window_start, id")
                .param("jobIds", jobIds)
                .param("today", today())
                .query(Visits::map)
                .list();
    }

    /** The soonest visit of these jobs that is still to come (today or later, not cancelled), if any. */
    public Optional<Visit> next(List<Long> jobIds) {
        if (jobIds.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql("select " + COLUMNS + " from visits where job_id in (:jobIds) and status <> 'cancelled'"
                        + " and visit_date >= :today order by visit_date, window_start, id limit 1")
                .param("jobIds", jobIds)
                .param("today", today())
                .query(Visits::map)
                .optional();
    }

    /** The day's visits, by arrival window; cancelled ones too (the day view shows them struck through). */
    public List<Visit> onDay(LocalDate day) {
        return jdbc.sql("select " + COLUMNS + " from visits where visit_date = :day order by window_start, id")
                .param("day", day)
                .query(Visits::map)
                .list();
    }

    /** The visits these technicians go to on {@code day}, cancelled ones left out, by arrival window. */
    public List<Visit> goingOn(LocalDate day, List<String> technicians) {
        if (technicians.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from visits where visit_date = :day and technician in (:technicians)"
                        + " and status <> 'cancelled' order by window_start, id")
                .param("day", day)
                .param("technicians", technicians)
                .query(Visits::map)
                .list();
    }

    public Visit find(long jobId, long visitId) {
        return jdbc.sql("select " + COLUMNS + " from visits where id = :id and job_id = :jobId")
                .param("id", visitId)
                .param("jobId", jobId)
                .query(Visits::map)
                .optional()
                .orElseThrow(() -> new NotFoundException("Job " + jobId + " has no visit " + visitId + "."));
    }

    /** Today in the business's time zone. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(times.zone()));
    }

    private Job job(long jobId) {
        return jobs.findById(jobId).orElseThrow(() -> new NotFoundException("There is no job " + jobId + "."));
    }

    private LocalDate day(String date) {
        LocalDate day;
        try {
            day = LocalDate.parse(date == null ? "" : date.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("A visit's date looks like 2026-12-02, not \""
                    + (date == null ? "" : date.length() > 20 ? date.substring(0, 20) + "…" : date) + "\".");
        }
        if (day.isBefore(today())) {
            throw new InvalidInputException(day + " is in the past: pick today or a later day.");
        }
        return day;
    }

    private String technician(String username) {
        var name = username == null ? "" : username.strip();
        if (name.isEmpty()) {
            throw new InvalidInputException("Say which technician goes (a username).");
        }
        if (staff.enabled(name).isEmpty()) {
            throw new InvalidInputException(name + " is not an enabled member of the team.");
        }
        if (staff.mobileOf(name).isEmpty()) {
            throw new InvalidInputException(name + " has no mobile number on their profile: a technician needs one"
                    + " (for \"on my way\" texts).");
        }
        return name;
    }

    private static Visit map(ResultSet rs, int row) throws SQLException {
        return new Visit(
                rs.getLong("id"),
                rs.getLong("job_id"),
                rs.getObject("visit_date", LocalDate.class),
                new ArrivalWindow(rs.getString("window_start"), rs.getString("window_end")),
                rs.getString("technician"),
                VisitStatus.ofCode(rs.getString("status")).orElse(VisitStatus.SCHEDULED),
                rs.getString("created_by"),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
