package com.kontrol.messaging.search;

import com.kontrol.messaging.MessageJson;
import com.kontrol.web.ApiController;
import com.kontrol.web.InvalidInputException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** {@code GET /api/v1/search}: texts and notes, newest first; {@code before} pages on. */
@ApiController
class SearchApiController {

    record SearchResult(MessageJson message, Long customerId, String customerName) {}

    /** {@code before}: the cursor of the next page; null on the last page. */
    record SearchResults(List<SearchResult> results, Long before) {}

    private final MessageSearch search;

    SearchApiController(MessageSearch search) {
        this.search = search;
    }

    @GetMapping("/api/v1/search")
    SearchResults search(
            @RequestParam(defaultValue = "") String q,
            @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "25") int limit) {
        if (limit < 1 || limit > MessageSearch.MAX_LIMIT) {
            throw new InvalidInputException("limit must be between 1 and " + MessageSearch.MAX_LIMIT + ".");
        }
        var hits = search.search(SearchQuery.parse(q), before, limit);
        return new SearchResults(
                hits.stream()
                        .map(h -> new SearchResult(
                                MessageJson.of(h.message()), h.message().customerId(), h.customerName()))
                        .toList(),
                hits.size() == limit ? hits.get(hits.size() - 1).message().id() : null);
    }
}
