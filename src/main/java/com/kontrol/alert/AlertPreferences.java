package com.kontrol.alert;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Each person's choice of alerts, from their profile; someone who never chose has {@link Choice#DEFAULTS}. */
@Repository
class AlertPreferences {

    /**
     * {@code browser}: a notification from any open Kontrol tab, with a {@code sound} if asked; {@code emailArrivals}:
     * an e-mail when a customer starts waiting; {@code emailUnanswered}: an e-mail when a text has waited too long.
     */
    record Choice(boolean browser, boolean sound, boolean emailArrivals, boolean emailUnanswered) {
        static final Choice DEFAULTS = new Choice(false, false, false, true);
    }

    private final JdbcClient jdbc;

    // Read on every customer text: held a few seconds (another instance's change shows within them).
    private final LoadingCache<Boolean, Map<String, Choice>> cached;

    AlertPreferences(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.cached =
                Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(5)).build(key -> load());
    }

    Choice of(String username) {
        return jdbc.sql("select browser, sound, email_arrivals, email_unanswered from alert_preferences"
                        + " where username = :username")
                .param("username", username)
                .query((rs, n) -> new Choice(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4)))
                .optional()
                .orElse(Choice.DEFAULTS);
    }

    /** Everyone's saved choices, by username; whoever is missing has the defaults. */
    Map<String, Choice> chosen() {
        return cached.get(true);
    }

    /** Whether anyone at all wants to hear of each text (a browser notification or an e-mail). */
    boolean anyoneAlertedOfEachText() {
        return chosen().values().stream().anyMatch(c -> c.browser() || c.emailArrivals());
    }

    private Map<String, Choice> load() {
        var all = new HashMap<String, Choice>();
        jdbc.sql("select username, browser, sound, email_arrivals, email_unanswered from alert_preferences")
                .query(rs -> {
                    all.put(
                            rs.getString(1),
                            new Choice(rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5)));
                });
        return Map.copyOf(all);
    }

    @Transactional
    void save(String username, Choice choice, OffsetDateTime at) {
        var params = Map.<String, Object>of(
                "username", username,
                "browser", choice.browser(),
                "sound", choice.sound(),
                "arrivals", choice.emailArrivals(),
                "unanswered", choice.emailUnanswered(),
                "at", at);
        int updated = jdbc.sql("update alert_preferences set browser = :browser, sound = :sound,"
                        + " email_arrivals = :arrivals, email_unanswered = :unanswered, updated_at = :at"
                        + " where username = :username")
                .params(params)
                .update();
        if (updated == 0) {
            jdbc.sql("insert into alert_preferences (username, browser, sound, email_arrivals, email_unanswered,"
                            + " updated_at) values (:username, :browser, :sound, :arrivals, :unanswered, :at)")
                    .params(params)
                    .update();
        }
        cached.invalidateAll();
    }
}
