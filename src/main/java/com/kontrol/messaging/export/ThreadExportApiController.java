package com.kontrol.messaging.export;

import com.kontrol.web.ApiController;
import java.security.Principal;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** {@code GET /api/v1/customers/{id}/export}: the conversation as PDF or CSV, as {@link ThreadExportController}. */
@ApiController("/api/v1/customers")
class ThreadExportApiController {

    private final ThreadExport exports;
    private final ThreadDocuments documents;

    ThreadExportApiController(ThreadExport exports, ThreadDocuments documents) {
        this.exports = exports;
        this.documents = documents;
    }

    @GetMapping("/{customerId}/export")
    ResponseEntity<byte[]> export(
            @PathVariable long customerId,
            @RequestParam(defaultValue = "pdf") String format,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "false") boolean notes,
            Principal me) {
        return ThreadExportController.download(exports, documents, customerId, format, from, to, notes, me);
    }
}
