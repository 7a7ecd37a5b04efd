package com.kontrol.messaging.search;

import com.kontrol.web.InvalidInputException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The navigation's search box and its page: texts and notes, newest first, each opening its thread at it. */
@Controller
class SearchController {

    static final int PAGE = 25;

    /** One result as the page shows it. */
    record Result(MessageSearch.Hit hit, Excerpt excerpt) {}

    private final MessageSearch search;

    SearchController(MessageSearch search) {
        this.search = search;
    }

    @GetMapping("/search")
    String page(@RequestParam(defaultValue = "") String q, @RequestParam(required = false) Long before, Model model) {
        model.addAttribute("q", q);
        if (q.isBlank()) {
            return "search";
        }
        try {
            var query = SearchQuery.parse(q);
            var hits = search.search(query, before, PAGE);
            model.addAttribute(
                    "results",
                    hits.stream()
                            .map(h -> new Result(h, Excerpt.of(h.message().body(), query)))
                            .toList());
            model.addAttribute(
                    "older",
                    hits.size() == PAGE ? hits.get(hits.size() - 1).message().id() : null);
            model.addAttribute("firstPage", before == null);
        } catch (InvalidInputException e) {
            model.addAttribute("searchError", e.getMessage());
        }
        return "search";
    }
}
