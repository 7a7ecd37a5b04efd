package com.kontrol.messaging.export;

import com.kontrol.web.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A conversation exported as PDF or CSV, from the customer card ({@code /customers/{id}/export}; the API's is {@link
 * ThreadExportApiController}): {@code format=pdf|csv}, {@code from} and {@code to} days in the business's zone
 * (both optional), {@code notes=true} to include the team's notes. A download, named for the customer and the days.
 */
@Controller
class ThreadExportController {

    private final ThreadExport exports;
    private final ThreadDocuments documents;

    ThreadExportController(ThreadExport exports, ThreadDocuments documents) {
        this.exports = exports;
        this.documents = documents;
    }

    @GetMapping("/customers/{customerId}/export")
    ResponseEntity<byte[]> export(
            @PathVariable long customerId,
            @RequestParam(defaultValue = "pdf") String format,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "false") boolean notes,
            Principal me) {
        return download(exports, documents, customerId, format, from, to, notes, me);
    }

    /** The export as a download; the page's and the API's alike. */
    static ResponseEntity<byte[]> download(
            ThreadExport exports,
            ThreadDocuments documents,
            long customerId,
            String format,
            String from,
            String to,
            boolean notes,
            Principal me) {
        if (!format.equals("pdf") && !format.equals("csv")) {
            throw new InvalidInputException("format is pdf or csv, not \"" + format + "\".");
        }
        var export = exports.of(customerId, from, to, notes, format, me.getName());
        var pdf = format.equals("pdf");
        var body = pdf ? documents.pdf(export) : ThreadDocuments.csv(export).getBytes(StandardCharsets.UTF_8);
        var name = "conversation-" + customerId + "-" + (export.from() == null ? "start" : export.from()) + "-"
                + export.to() + "." + format;
        return ResponseEntity.ok()
                .contentType(pdf ? MediaType.APPLICATION_PDF : new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name).build().toString())
                .body(body);
    }
}
