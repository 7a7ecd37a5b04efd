package com.kontrol.integration;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.EnumSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What an admin does on Settings › Integrations › Webhooks, checked and audited. */
@Service
class WebhookDesk {

    /** Enough for any integration; more is a sign of a script gone wrong. */
    static final int MAX_SUBSCRIPTIONS = 20;

    private final Subscriptions subscriptions;
    private final Deliveries deliveries;
    private final WebhookTargets targets;
    private final DeliveryWorker worker;
    private final AuditLog audit;
    private final Clock clock;

    WebhookDesk(
            Subscriptions subscriptions,
            Deliveries deliveries,
            WebhookTargets targets,
            DeliveryWorker worker,
            AuditLog audit,
            Clock clock) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.targets = targets;
        this.worker = worker;
        this.audit = audit;
        this.clock = clock;
    }

    /** Subscribes {@code url} to the events named; the new subscription's secret, to show once. */
    @Transactional
    Subscriptions.Created subscribe(String url, Collection<String> eventNames, String by) {
        targets.problemWith(url).ifPresent(problem -> {
            throw new InvalidInputException(problem);
        });
        var events = EnumSet.noneOf(WebhookEvent.class);
        for (var name : eventNames) {
            events.add(WebhookEvent.of(name)
                    .orElseThrow(() -> new InvalidInputException("There is no event called \"" + cut(name) + "\".")));
        }
        if (events.isEmpty()) {
            throw new InvalidInputException("Choose at least one event to send.");
        }
        if (subscriptions.all().size() >= MAX_SUBSCRIPTIONS) {
            throw new InvalidInputException(
                    "There are " + MAX_SUBSCRIPTIONS + " subscriptions already: remove one before adding another.");
        }
        var created = subscriptions.add(url.strip(), events, by);
        audit.record(
                by,
                AuditAction.SETTINGS_CHANGED,
                null,
                "Subscribed a webhook at " + host(url) + " to "
                        + String.join(
                                ", ", events.stream().map(WebhookEvent::type).toList()));
        return created;
    }

    @Transactional
    String rotate(long id, String by) {
        var subscription = existing(id);
        var secret = subscriptions.rotate(id).orElseThrow(() -> new NotFoundException("No such webhook"));
        audit.record(
                by,
                AuditAction.SETTINGS_CHANGED,
                null,
                "Rotated the secret of the webhook at " + host(subscription.url())
                        + "; the previous one signs too for 24 hours");
        return secret;
    }

    @Transactional
    void remove(long id, String by) {
        var subscription = existing(id);
        subscriptions.remove(id);
        audit.record(by, AuditAction.SETTINGS_CHANGED, null, "Removed the webhook at " + host(subscription.url()));
    }

    void sendAgain(long deliveryId) {
        if (!deliveries.sendAgain(deliveryId, OffsetDateTime.now(clock))) {
            throw new InvalidInputException("That delivery is being posted right now, or no longer exists.");
        }
        worker.kick();
    }

    private Subscriptions.Subscription existing(long id) {
        return subscriptions.find(id).orElseThrow(() -> new NotFoundException("No such webhook"));
    }

    /** The audit log names the host only: a receiver's URL often holds a token of its own. */
    private static String host(String url) {
        try {
            return URI.create(url.strip()).getHost();
        } catch (IllegalArgumentException e) {
            return "(not a URL)";
        }
    }

    private static String cut(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
