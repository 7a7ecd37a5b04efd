package com.kontrol.audit;

import com.kontrol.web.InvalidInputException;
import com.kontrol.web.Times;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Settings › Audit log (admins): filter by person, action, customer and date; page back in time; export as CSV. */
@Controller
class AuditController {

    static final int PAGE = 50;

    private final AuditLog log;
    private final Times times;

    AuditController(AuditLog log, Times times) {
        this.log = log;
        this.times = times;
    }

    @GetMapping("/settings/audit")
    String audit(
            @RequestParam(required = false) Long after,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String customerId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            Model model) {
        model.addAttribute("actions", AuditAction.values());
        model.addAttribute("actor", actor);
        model.addAttribute("action", action);
        model.addAttribute("customerId", customerId);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        try {
            var query = AuditFilters.parse(actor, action, customerId, from, to);
            var events = log.page(query, after, PAGE);
            model.addAttribute("events", events);
            model.addAttribute(
                    "older", events.size() == PAGE ? events.get(PAGE - 1).id() : null);
        } catch (InvalidInputException e) {
            model.addAttribute("events", List.of());
            model.addAttribute("filterError", e.getMessage());
        }
        return "settings/audit";
    }

    /** The filtered range, every entry of it, as CSV (opens in a spreadsheet; times in the business's zone). */
    @GetMapping("/settings/audit.csv")
    void export(
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String customerId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            HttpServletResponse response)
            throws IOException {
        AuditQuery query;
        try {
            query = AuditFilters.parse(actor, action, customerId, from, to);
        } catch (InvalidInputException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(
                "Content-Disposition",
                "attachment; filename=\"kontrol-audit-" + LocalDate.now(times.zone()) + ".csv\"");
        var out = new PrintWriter(response.getOutputStream(), false, StandardCharsets.UTF_8);
        out.print("id,at,actor,action,customer_id,detail\r\n");
        log.each(
                query,
                e -> out.print(e.id() + ","
                        + e.at().atZoneSameInstant(times.zone()).toOffsetDateTime() + ","
                        + csv(e.actor()) + "," + e.action() + "," + (e.customerId() == null ? "" : e.customerId()) + ","
                        + csv(e.detail()) + "\r\n"));
        out.flush();
    }

    /**
     * RFC 4180 quoting, and a leading {@code = + - @} made inert so that a spreadsheet never runs a detail as a formula
     * (a customer's name is typed by anyone).
     */
    static String csv(String value) {
        var v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
