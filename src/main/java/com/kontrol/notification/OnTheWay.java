package com.kontrol.notification;

import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.job.Jobs;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.messaging.outbound.TextToGo;
import com.kontrol.security.StaffDirectory;
import com.kontrol.visit.Visit;
import com.kontrol.visit.VisitStatus;
import com.kontrol.visit.Visits;
import com.kontrol.web.ConflictException;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * "On my way": texts the customer Settings › Notifications' "On my way" with the technician's first name and the
 * ETA, marks the visit on the way, and does not text again within {@link #QUIET} (a second tap, or a second OMW).
 */
@Service
class OnTheWay {

    static final Duration QUIET = Duration.ofMinutes(5);
    static final int MAX_ETA = 600;

    /** What happened: {@code sent} false with the reason when nothing was texted. */
    record Result(boolean sent, String detail) {}

    private final Visits visits;
    private final Customers customers;
    private final Jobs jobs;
    private final StaffDirectory staff;
    private final NotificationTemplates templates;
    private final NotificationLog notifications;
    private final Outbox outbox;
    private final JdbcClient jdbc;
    private final Clock clock;

    OnTheWay(
            Visits visits,
            Jobs jobs,
            StaffDirectory staff,
            NotificationTemplates templates,
            NotificationLog notifications,
            Outbox outbox,
            JdbcClient jdbc,
            Customers customers,
            Clock clock) {
        this.customers = customers;
        this.visits = visits;
        this.jobs = jobs;
        this.staff = staff;
        this.templates = templates;
        this.notifications = notifications;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The template with the technician's first name and ", about 20 minutes" (nothing without an ETA). */
    static String fill(String body, String technician, Integer etaMinutes) {
        var eta = etaMinutes == null ? "" : ", about " + etaMinutes + (etaMinutes == 1 ? " minute" : " minutes");
        return body.replace("{{eta}}", eta).replace("{{technician}}", technician);
    }

    /**
     * Texts the visit's customer that the technician is on the way.
     *
     * @throws ConflictException for a cancelled visit, or one on another day than today
     * @throws InvalidInputException for an ETA that is not 1 to 600 minutes
     */
    @Transactional
    Result send(long jobId, long visitId, Integer etaMinutes, String by) {
        var visit = visits.find(jobId, visitId);
        if (visit.cancelled()) {
            throw new ConflictException("This visit is cancelled: nothing was texted.");
        }
        if (!visit.date().equals(visits.today())) {
            throw new ConflictException("This visit is on " + visit.dayLabel()
                    + ", not today: \"On my way\" is for today's visits. Nothing was texted.");
        }
        if (etaMinutes != null && (etaMinutes < 1 || etaMinutes > MAX_ETA)) {
            throw new InvalidInputException("An ETA is 1 to " + MAX_ETA + " minutes.");
        }
        var job = jobs.findById(jobId).orElseThrow(() -> new NotFoundException("There is no job " + jobId + "."));
        var now = OffsetDateTime.now(clock);
        var last = jdbc.sql("select sent_at from visit_on_the_way where visit_id = :id")
                .param("id", visitId)
                .query(OffsetDateTime.class)
                .optional();
        if (last.isPresent() && last.get().isAfter(now.minus(QUIET))) {
            return new Result(false, "The customer was told less than 5 minutes ago: not texted again.");
        }
        var kind = NotificationKind.ON_THE_WAY;
        var template = templates.of(kind);
        if (!template.enabled()) {
            notifications.record(jobId, job.customerId(), kind, "skipped", "switched off", null, by);
            return new Result(false, "The \"On my way\" text is switched off under Settings › Notifications.");
        }
        var body = fill(template.body(), firstName(visit), etaMinutes);
        var why = outbox.whyNot(job.customerId(), body, jobId);
        if (why.isPresent()) {
            notifications.record(jobId, job.customerId(), kind, "skipped", why.get(), null, by);
            return new Result(false, "Not texted: " + why.get());
        }
        var message = outbox.queue(TextToGo.to(job.customerId(), body, Sender.Automatic.NOTIFICATION)
                .about(jobId));
        notifications.record(jobId, job.customerId(), kind, "queued", null, message.id(), by);
        if (jdbc.sql("update visit_on_the_way set message_id = :m, sent_at = :now, sent_by = :by where visit_id = :id")
                        .param("m", message.id())
                        .param("now", now)
                        .param("by", by)
                        .param("id", visitId)
                        .update()
                == 0) {
            jdbc.sql(
                            "insert into visit_on_the_way (visit_id, message_id, sent_at, sent_by) values (:id, :m, :now, :by)")
                    .param("m", message.id())
                    .param("now", now)
                    .param("by", by)
                    .param("id", visitId)
                    .update();
        }
        if (visit.status() != VisitStatus.ON_THE_WAY) {
            visits.change(jobId, visitId, new Visits.Change(null, null, null, VisitStatus.ON_THE_WAY.code()), by);
        }
        return new Result(
                true,
                "Texted the customer: " + visit.technician() + " is on the way"
                        + (etaMinutes == null ? "." : ", about " + etaMinutes + " min."));
    }

    /**
     * A technician texted "on my way" ({@code text}) from the phone on their profile ({@code usernames}: the accounts
     * with that number): their one visit today, or the one they chose, gets the "on my way" text. Answers what the
     * technician is texted back: what happened, or why no customer was texted and what to send instead.
     */
    @Transactional
    String fromTechnician(List<String> usernames, OnMyWayText text) {
        var mine = visits.goingOn(visits.today(), usernames);
        if (mine.isEmpty()) {
            return "Kontrol: you have no visit today, so no customer was texted.";
        }
        var eta = text.etaMinutes() == null ? 20 : text.etaMinutes();
        if (text.visit() == null && mine.size() > 1) {
            return "Kontrol: you have " + mine.size() + " visits today: " + list(mine) + ". Which one? Text OMW 1 "
                    + eta + " for the first, OMW 2 " + eta + " for the second. No customer was texted.";
        }
        if (text.visit() != null && (text.visit() < 1 || text.visit() > mine.size())) {
            return "Kontrol: there is no visit " + text.visit() + " today; you have " + list(mine)
                    + ". No customer was texted.";
        }
        var visit = mine.get(text.visit() == null ? 0 : text.visit() - 1);
        var customer = customerOf(visit);
        try {
            var result = send(visit.jobId(), visit.id(), text.etaMinutes(), visit.technician());
            return result.sent()
                    ? "Kontrol: texted " + customer + " that you are on the way"
                            + (text.etaMinutes() == null ? "" : ", about " + text.etaMinutes() + " min") + "."
                    : "Kontrol: " + customer + " was not texted. "
                            + result.detail().replaceFirst("^Not texted: ", "");
        } catch (InvalidInputException | ConflictException e) {
            return "Kontrol: " + customer + " was not texted. " + e.getMessage();
        }
    }

    /** "1) 08:00-10:00 Jane Smith, 2) 13:00-15:00 Bo Li (on the way)", at most five. */
    private String list(List<Visit> mine) {
        var listed = new ArrayList<String>();
        for (int i = 0; i < Math.min(5, mine.size()); i++) {
            var v = mine.get(i);
            listed.add((i + 1) + ") " + v.window() + " " + customerOf(v)
                    + (v.status() == VisitStatus.ON_THE_WAY ? " (on the way)" : ""));
        }
        return String.join(", ", listed) + (mine.size() > 5 ? ", …" : "");
    }

    private String customerOf(Visit visit) {
        return jobs.findById(visit.jobId())
                .flatMap(job -> customers.findById(job.customerId()))
                .map(Customer::name)
                .orElse("the customer");
    }

    private String firstName(Visit visit) {
        return staff.member(visit.technician())
                .map(StaffDirectory.Member::displayName)
                .map(n -> n.strip().split("\\s+")[0])
                .filter(n -> !n.isBlank())
                .orElse(visit.technician());
    }
}
