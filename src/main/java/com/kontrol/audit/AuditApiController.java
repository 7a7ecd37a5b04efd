package com.kontrol.audit;

import com.kontrol.web.ApiController;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** {@code GET /api/v1/audit} (admins): the log, newest first, a page at a time. */
@ApiController
class AuditApiController {

    private final AuditLog log;

    AuditApiController(AuditLog log) {
        this.log = log;
    }

    record AuditEventJson(long id, OffsetDateTime at, String actor, String action, Long customerId, String detail) {}

    /** {@code after}: the cursor of the page before; null on the last page. */
    record AuditPage(List<AuditEventJson> events, Long after) {}

    @GetMapping("/api/v1/audit")
    AuditPage audit(
            @RequestParam(required = false) Long after,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String customerId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        var query = AuditFilters.parse(actor, action, customerId, from, to);
        var size = Math.max(1, Math.min(limit, AuditLog.MAX_PAGE));
        var events = log.page(query, after, size);
        var json = events.stream()
                .map(e -> new AuditEventJson(e.id(), e.at(), e.actor(), e.action(), e.customerId(), e.detail()))
                .toList();
        return new AuditPage(
                json, events.size() == size ? events.get(events.size() - 1).id() : null);
    }
}
