package com.kontrol.messaging.inbound;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Who typed a text on the sandbox's Dev Phone, told by the Dev Phone (in this process) before it posts the text to the
 * webhook, keyed by the text's SID: the text is then stored, and its consequences recorded, as typed on the Dev Phone by
 * that person rather than by the customer. Nothing a webhook call carries can claim it.
 */
@Component
public class DevPhoneTexts {

    private final Cache<String, String> typedBy = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(5))
            .maximumSize(10_000)
            .build();

    /** The text with this SID, about to arrive, was typed by {@code username}. */
    public void typedBy(String sid, String username) {
        typedBy.put(sid, username);
    }

    /** Whether the text with this SID was typed on the Dev Phone (and not yet stored). */
    boolean isTyping(String sid) {
        return typedBy.getIfPresent(sid) != null;
    }

    /** Who typed the text with this SID on the Dev Phone, once; empty for any other text. */
    Optional<String> take(String sid) {
        return Optional.ofNullable(typedBy.asMap().remove(sid));
    }
}
