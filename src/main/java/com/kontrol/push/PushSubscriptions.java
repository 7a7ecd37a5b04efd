package com.kontrol.push;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Each person's devices ({@code push_subscriptions}) and what else they chose to hear of ({@code push_choices}). */
@Repository
class PushSubscriptions {

    static final int MAX_DEVICES = 10;

    /** A device: where its push service takes messages, its keys, and a name for its owner to know it by. */
    record Device(
            long id,
            String username,
            String endpoint,
            String p256dh,
            String auth,
            String name,
            OffsetDateTime createdAt,
            OffsetDateTime lastPushedAt) {}

    private final JdbcClient jdbc;

    // Asked after every customer text: held a few seconds (another instance's first subscription shows within them).
    private final LoadingCache<Boolean, Boolean> anyone;

    PushSubscriptions(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.anyone = Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofSeconds(5))
                .build(key -> jdbc.sql("select exists (select 1 from push_subscriptions)")
                        .query(Boolean.class)
                        .single());
    }

    /** Whether anyone has a device at all: when nobody has, a text costs no query here. */
    boolean anyone() {
        return anyone.get(true);
    }

    private static final String COLUMNS =
            "id, username, endpoint, p256dh, auth, device, created_at, last_pushed_at from push_subscriptions";

    private static Device device(ResultSet rs, int n) throws SQLException {
        return new Device(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getObject(7, OffsetDateTime.class),
                rs.getObject(8, OffsetDateTime.class));
    }

    // An endpoint is one browser on one device: subscribed again, by whoever is signed in there now, it is theirs.
    private static final String SUBSCRIBE = """
            insert into push_subscriptions (username, endpoint, p256dh, auth, device, created_at)
            values (:username, :endpoint, :p256dh, :auth, :device, :now)
            on conflict (endpoint) do update set username = excluded.username, p256dh = excluded.p256dh,
                auth = excluded.auth, device = excluded.device, created_at = excluded.created_at,
                last_pushed_at = null
            returning id
            """;

    long subscribe(String username, String endpoint, DeviceKeys keys, String name, OffsetDateTime now) {
        long id = jdbc.sql(SUBSCRIBE)
                .param("username", username)
                .param("endpoint", endpoint)
                .param("p256dh", keys.p256dhText())
                .param("auth", keys.authText())
                .param("device", name)
                .param("now", now)
                .query(Long.class)
                .single();
        anyone.invalidateAll();
        return id;
    }

    boolean isSubscribed(String endpoint) {
        return jdbc.sql("select exists (select 1 from push_subscriptions where endpoint = :endpoint)")
                .param("endpoint", endpoint)
                .query(Boolean.class)
                .single();
    }

    List<Device> of(String username) {
        return jdbc.sql("select " + COLUMNS + " where username = :username order by id")
                .param("username", username)
                .query(PushSubscriptions::device)
                .list();
    }

    List<Device> of(Collection<String> usernames) {
        if (usernames.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " where username in (:usernames) order by id")
                .param("usernames", usernames)
                .query(PushSubscriptions::device)
                .list();
    }

    /** Removes one of {@code username}'s devices; false when they have none with that id. */
    boolean remove(String username, long id) {
        int removed = jdbc.sql("delete from push_subscriptions where id = :id and username = :username")
                .param("id", id)
                .param("username", username)
                .update();
        anyone.invalidateAll();
        return removed > 0;
    }

    /** The push service says the device is gone (404, 410): so is its subscription, and what waited for it. */
    void expired(long id) {
        jdbc.sql("delete from push_subscriptions where id = :id")
                .param("id", id)
                .update();
        anyone.invalidateAll();
    }

    void pushed(long id, OffsetDateTime at) {
        jdbc.sql("update push_subscriptions set last_pushed_at = :at where id = :id")
                .param("at", at)
                .param("id", id)
                .update();
    }

    /** Whether {@code username} wants a push for a text in a conversation nobody owns. */
    boolean choosesUnowned(String username) {
        return jdbc.sql("select unowned from push_choices where username = :username")
                .param("username", username)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    List<String> choosingUnowned() {
        return jdbc.sql("select username from push_choices where unowned order by username")
                .query(String.class)
                .list();
    }

    void chooseUnowned(String username, boolean unowned, OffsetDateTime now) {
        jdbc.sql("""
                        insert into push_choices (username, unowned, updated_at) values (:username, :unowned, :now)
                        on conflict (username) do update set unowned = excluded.unowned, updated_at = excluded.updated_at
                        """)
                .param("username", username)
                .param("unowned", unowned)
                .param("now", now)
                .update();
    }
}
