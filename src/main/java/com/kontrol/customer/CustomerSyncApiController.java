package com.kontrol.customer;

import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.ApiController;
import com.kontrol.web.InvalidInputException;
import java.security.Principal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /api/v1/customers} for an integration that keeps its customer list and Kontrol's in step (issue 36): the list
 * in change order with a cursor (paging and incremental sync in one), a PATCH guarded by {@code If-Match}, a
 * create-or-update by the integration's own reference, and a delete that archives a customer with a history.
 */
@ApiController("/api/v1/customers")
class CustomerSyncApiController {

    static final int MAX_LIMIT = 500;

    private final Customers customers;
    private final CustomerDirectory directory;
    private final CustomerEdits edits;
    private final PhoneNumbers numbers;

    CustomerSyncApiController(
            Customers customers, CustomerDirectory directory, CustomerEdits edits, PhoneNumbers numbers) {
        this.customers = customers;
        this.directory = directory;
        this.edits = edits;
        this.numbers = numbers;
    }

    @GetMapping
    Map<String, Object> list(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String after,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(required = false) String updatedSince) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit is 1 to " + MAX_LIMIT + ", not " + limit + ".");
        }
        OffsetDateTime since = null;
        if (updatedSince != null && !updatedSince.isBlank()) {
            try {
                since = OffsetDateTime.parse(updatedSince.strip());
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(
                        "updatedSince is a time like 2026-11-30T09:00:00Z, not \"" + updatedSince + "\".");
            }
        }
        var page = directory.changes(after, q, since, limit);
        var found = customers.byIds(
                page.customers().stream().map(CustomerDirectory.Meta::id).toList());
        var byId = new java.util.HashMap<Long, Customer>();
        found.forEach(c -> byId.put(c.id(), c));
        var out = new LinkedHashMap<String, Object>();
        out.put(
                "customers",
                page.customers().stream()
                        .filter(m -> byId.containsKey(m.id()))
                        .map(m -> CustomerApiController.CustomerJson.of(byId.get(m.id()), m))
                        .toList());
        out.put("next", page.next());
        out.put("more", page.more());
        return out;
    }

    @PatchMapping("/{id}")
    ResponseEntity<CustomerApiController.CustomerJson> patch(
            @PathVariable long id,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            Principal me) {
        var result = edits.patch(id, CustomerFields.read(body, numbers), ifMatch, me.getName());
        return answer(result, HttpStatus.OK);
    }

    /** 201 when it created the customer, 200 when it updated it or found nothing to change. */
    @PutMapping("/by-ref/{externalRef}")
    ResponseEntity<CustomerApiController.CustomerJson> upsert(
            @PathVariable String externalRef, @RequestBody Map<String, Object> body, Principal me) {
        var result = edits.upsert(externalRef, CustomerFields.read(body, numbers), me.getName());
        return answer(result, result.outcome() == CustomerEdits.Outcome.CREATED ? HttpStatus.CREATED : HttpStatus.OK);
    }

    /** {@code {"result":"deleted"}}, or {@code "archived"} for a customer with texts or jobs (kept for them). */
    @DeleteMapping("/{id}")
    Map<String, String> delete(@PathVariable long id, Principal me) {
        return Map.of("result", edits.delete(id, me.getName()));
    }

    private static ResponseEntity<CustomerApiController.CustomerJson> answer(
            CustomerEdits.Result result, HttpStatus status) {
        return ResponseEntity.status(status)
                .eTag(result.meta().etag())
                .body(CustomerApiController.CustomerJson.of(result.customer(), result.meta()));
    }
}
