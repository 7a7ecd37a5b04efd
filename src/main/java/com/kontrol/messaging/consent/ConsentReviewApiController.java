package com.kontrol.messaging.consent;

import com.kontrol.web.ApiController;
import com.kontrol.web.InvalidInputException;
import java.security.Principal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * {@code GET /api/v1/customers/{id}/consent-reviews}: the customer's texts that may be an opt-out, waiting for a
 * decision; {@code POST …/consent-reviews/{messageId}} with {@code {"optOut": true|false}} decides one.
 */
@ApiController
class ConsentReviewApiController {

    record ReviewJson(long messageId, String body, OffsetDateTime receivedAt, LocalDate deadline) {
        static ReviewJson of(ConsentReviews.Review r) {
            return new ReviewJson(r.messageId(), r.body(), r.receivedAt(), r.deadline());
        }
    }

    record Reviews(List<ReviewJson> reviews) {}

    record Decision(Boolean optOut) {}

    record Decided(long messageId, boolean optOut, String decidedBy) {}

    private final ConsentReviews reviews;

    ConsentReviewApiController(ConsentReviews reviews) {
        this.reviews = reviews;
    }

    @GetMapping("/api/v1/customers/{customerId}/consent-reviews")
    Reviews open(@PathVariable long customerId) {
        return new Reviews(reviews.open(customerId).stream().map(ReviewJson::of).toList());
    }

    @PostMapping("/api/v1/customers/{customerId}/consent-reviews/{messageId}")
    Decided decide(
            @PathVariable long customerId,
            @PathVariable long messageId,
            @RequestBody Decision decision,
            Principal user) {
        if (decision == null || decision.optOut() == null) {
            throw new InvalidInputException("Say {\"optOut\": true} (an opt-out) or {\"optOut\": false} (not one).");
        }
        reviews.decide(customerId, messageId, decision.optOut(), user.getName());
        return new Decided(messageId, decision.optOut(), user.getName());
    }
}
