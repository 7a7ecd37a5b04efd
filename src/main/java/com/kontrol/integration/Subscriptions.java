package com.kontrol.integration;

import com.kontrol.security.SecretBox;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The webhook subscriptions ({@code webhook_subscriptions}), their secrets sealed by {@link SecretBox}. */
@Repository
class Subscriptions {

    /** After a rotation the previous secret signs too, this long: time for the receiver to switch. */
    static final Duration OVERLAP = Duration.ofHours(24);

    record Subscription(
            long id,
            String url,
            Set<WebhookEvent> events,
            String createdBy,
            OffsetDateTime createdAt,
            OffsetDateTime previousUntil) { // null unless a rotated-out secret still signs

        public boolean has(WebhookEvent event) {
            return events.contains(event);
        }

        public String eventNames() {
            return events.stream().map(WebhookEvent::type).collect(Collectors.joining(", "));
        }
    }

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final Clock clock;

    // Every text that arrives asks which subscriptions want it: keep them in memory for a few seconds rather than
    // asking the database per text. A change made here is seen at once; another instance's within that time.
    private static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private record Cached(List<Subscription> all, long loadedAt) {}

    private volatile Cached cached;

    Subscriptions(JdbcClient jdbc, SecretBox secrets, Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.clock = clock;
    }

    List<Subscription> all() {
        var now = OffsetDateTime.now(clock);
        return jdbc.sql("""
                        select id, url, events, created_by, created_at, previous_until
                        from webhook_subscriptions order by id
                        """)
                .query((rs, n) -> new Subscription(
                        rs.getLong(1),
                        rs.getString(2),
                        events(rs.getString(3)),
                        rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class),
                        overlapping(rs.getObject(6, OffsetDateTime.class), now)))
                .list();
    }

    /** The subscriptions that want {@code event} (from a cache of a few seconds). */
    List<Subscription> wanting(WebhookEvent event) {
        var c = cached;
        if (c == null || System.nanoTime() - c.loadedAt() > CACHE_NANOS) {
            c = new Cached(all(), System.nanoTime());
            cached = c;
        }
        return c.all().stream().filter(s -> s.has(event)).toList();
    }

    Optional<Subscription> find(long id) {
        return all().stream().filter(s -> s.id() == id).findFirst();
    }

    /** Adds a subscription; returns its id and its secret, which is shown once. */
    Created add(String url, Set<WebhookEvent> events, String by) {
        var secret = WebhookSignature.newSecret();
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into webhook_subscriptions (url, events, secret_sealed, created_by, created_at)
                        values (:url, :events, :secret, :by, :now)
                        """)
                .param("url", url)
                .param("events", names(events))
                .param("secret", secrets.encrypt(secret))
                .param("by", by)
                .param("now", OffsetDateTime.now(clock))
                .update(keys, "id");
        cached = null;
        long created = keys.getKeyAs(Number.class).longValue();
        return new Created(created, secret);
    }

    record Created(long id, String secret) {}

    /** A new secret; the one before keeps signing for {@link #OVERLAP}. Empty when there is no such subscription. */
    Optional<String> rotate(long id) {
        var secret = WebhookSignature.newSecret();
        int changed = jdbc.sql("""
                        update webhook_subscriptions
                        set previous_sealed = secret_sealed, previous_until = :until, secret_sealed = :secret
                        where id = :id
                        """)
                .param("until", OffsetDateTime.now(clock).plus(OVERLAP))
                .param("secret", secrets.encrypt(secret))
                .param("id", id)
                .update();
        cached = null;
        return changed == 1 ? Optional.of(secret) : Optional.empty();
    }

    boolean remove(long id) {
        int removed = jdbc.sql("delete from webhook_subscriptions where id = :id")
                .param("id", id)
                .update();
        cached = null;
        return removed == 1;
    }

    /** The secrets a delivery is signed with now: the current one, and the previous one while it overlaps. */
    List<String> signingSecrets(long id) {
        var now = OffsetDateTime.now(clock);
        return jdbc.sql(
                        "select secret_sealed, previous_sealed, previous_until from webhook_subscriptions where id = :id")
                .param("id", id)
                .query((rs, n) -> {
                    var list = new ArrayList<String>();
                    list.add(secrets.decrypt(rs.getString(1)));
                    var until = rs.getObject(3, OffsetDateTime.class);
                    if (rs.getString(2) != null && until != null && until.isAfter(now)) {
                        list.add(secrets.decrypt(rs.getString(2)));
                    }
                    return List.copyOf(list);
                })
                .optional()
                .orElse(List.of());
    }

    private static OffsetDateTime overlapping(OffsetDateTime until, OffsetDateTime now) {
        return until != null && until.isAfter(now) ? until : null;
    }

    private static String names(Set<WebhookEvent> events) {
        return events.stream().map(WebhookEvent::type).sorted().collect(Collectors.joining(","));
    }

    private static Set<WebhookEvent> events(String names) {
        var set = EnumSet.noneOf(WebhookEvent.class);
        Arrays.stream(names.split(","))
                .map(WebhookEvent::of)
                .flatMap(Optional::stream)
                .forEach(set::add);
        return set;
    }
}
