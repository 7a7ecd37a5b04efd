package com.kontrol.push;

import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A person's devices, as the Alerts page and the API change them: subscribe one, list them, remove one. */
@Service
class PushDesk {

    private final PushSubscriptions subscriptions;
    private final PushEndpoints endpoints;
    private final Clock clock;

    PushDesk(PushSubscriptions subscriptions, PushEndpoints endpoints, Clock clock) {
        this.subscriptions = subscriptions;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    /** A browser's subscription ({@code PushSubscription.toJSON()}): where to post, and its keys. */
    record Subscription(String endpoint, Keys keys) {
        record Keys(String p256dh, String auth) {}
    }

    /**
     * Subscribes {@code me}'s device; its id. The same endpoint again (the same browser) is the same device, now
     * {@code me}'s.
     *
     * @throws InvalidInputException for an endpoint Kontrol will not post to, keys that cannot be a browser's, or an
     *     eleventh device
     */
    @Transactional
    long subscribe(String me, Subscription subscription, String userAgent) {
        if (subscription == null) {
            throw new InvalidInputException(
                    "Send the browser's subscription: {\"endpoint\", \"keys\": {\"p256dh\", \"auth\"}}.");
        }
        var problem = endpoints.problemWith(subscription.endpoint());
        if (problem.isPresent()) {
            throw new InvalidInputException(problem.get());
        }
        var keys = subscription.keys() == null
                ? new DeviceKeys.Result(null, "The subscription has no keys (p256dh and auth).")
                : DeviceKeys.read(
                        subscription.keys().p256dh(), subscription.keys().auth());
        if (keys.keys() == null) {
            throw new InvalidInputException(keys.problem());
        }
        if (!subscriptions.isSubscribed(subscription.endpoint())
                && subscriptions.of(me).size() >= PushSubscriptions.MAX_DEVICES) {
            throw new InvalidInputException("You have " + PushSubscriptions.MAX_DEVICES
                    + " devices for push notifications already: remove one on your Alerts page first.");
        }
        return subscriptions.subscribe(
                me, subscription.endpoint(), keys.keys(), deviceName(userAgent), OffsetDateTime.now(clock));
    }

    List<PushSubscriptions.Device> mine(String me) {
        return subscriptions.of(me);
    }

    /** @throws NotFoundException when {@code me} has no device {@code id} */
    @Transactional
    void remove(String me, long id) {
        if (!subscriptions.remove(me, id)) {
            throw new NotFoundException("You have no device " + id + " for push notifications.");
        }
    }

    boolean choosesUnowned(String me) {
        return subscriptions.choosesUnowned(me);
    }

    @Transactional
    void chooseUnowned(String me, boolean unowned) {
        subscriptions.chooseUnowned(me, unowned, OffsetDateTime.now(clock));
    }

    /** "Chrome on Android": enough for a person to tell their phone from their laptop in the list. */
    static String deviceName(String userAgent) {
        var ua = userAgent == null ? "" : userAgent.toLowerCase(Locale.ROOT);
        var browser = ua.contains("edg/")
                ? "Edge"
                : ua.contains("opr/")
                        ? "Opera"
                        : ua.contains("samsungbrowser")
                                ? "Samsung Internet"
                                : ua.contains("firefox/")
                                        ? "Firefox"
                                        : ua.contains("chrome/") || ua.contains("chromium/")
                                                ? "Chrome"
                                                : ua.contains("safari/") ? "Safari" : "A browser";
        var system = ua.contains("android")
                ? "Android"
                : ua.contains("iphone") || ua.contains("ipad")
                        ? "iOS"
                        : ua.contains("windows")
                                ? "Windows"
                                : ua.contains("mac os")
                                        ? "macOS"
                                        : ua.contains("cros") ? "ChromeOS" : ua.contains("linux") ? "Linux" : null;
        return system == null ? browser : browser + " on " + system;
    }
}
