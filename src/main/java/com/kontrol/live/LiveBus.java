package com.kontrol.live;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.kontrol.database.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Carries each {@link LiveChange} to every instance. On PostgreSQL: NOTIFY on a channel that each instance LISTENs to on a
 * connection of its own, so a text received by one instance shows up on the pages served by another. On the embedded
 * database there is one instance: the news goes straight to the listener.
 */
@Component
class LiveBus implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LiveBus.class);
    static final String CHANNEL = "kontrol_live";

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final boolean postgres;
    private volatile Consumer<LiveChange> listener = change -> {};
    private volatile boolean running = true;
    private Thread listenerThread;

    LiveBus(DataSource dataSource, JdbcClient jdbc, Database database) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.postgres = database.isPostgres();
        if (postgres) {
            listenerThread = new Thread(this::listen, "live-bus-listener");
            listenerThread.setDaemon(true);
            listenerThread.start();
        }
    }

    void onChange(Consumer<LiveChange> listener) {
        this.listener = listener;
    }

    /**
     * Announces a change. Within a transaction the news waits for the commit (nothing
     * is announced if it rolls back), and all the changes of one transaction travel in one notification.
     */
    void announce(LiveChange change) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            send(List.of(change));
            return;
        }
        @SuppressWarnings("unchecked")
        var pending = (List<LiveChange>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            var ids = new ArrayList<LiveChange>();
            TransactionSynchronizationManager.bindResource(this, ids);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    if (postgres) {
                        send(ids); // PostgreSQL delivers it when, and only if, the transaction commits
                    }
                }

                @Override
                public void afterCommit() {
                    if (!postgres) {
                        send(ids);
                    }
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(LiveBus.this);
                }
            });
            pending = ids;
        }
        if (!pending.contains(change)) {
            pending.add(change);
        }
    }

    private void send(List<LiveChange> changes) {
        if (!postgres) {
            changes.forEach(listener::accept);
            return;
        }
        // A notification carries at most 8,000 bytes: a few hundred changes a time.
        for (int from = 0; from < changes.size(); from += 300) {
            var payload = changes.subList(from, Math.min(changes.size(), from + 300)).stream()
                    .map(LiveBus::encode)
                    .collect(Collectors.joining(","));
            try {
                jdbc.sql("select pg_notify(:channel, :ids)")
                        .param("channel", CHANNEL)
                        .param("ids", payload)
                        .query()
                        .singleRow();
            } catch (RuntimeException e) {
                log.warn("Could not announce changes to other instances; showing them here only", e);
                changes.forEach(listener::accept);
                return;
            }
        }
    }

    private void listen() {
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                try (var s = c.createStatement()) {
                    s.execute("listen " + CHANNEL);
                }
                var pg = c.unwrap(PGConnection.class);
                while (running) {
                    var notifications = pg.getNotifications(10_000);
                    if (notifications == null) {
                        continue;
                    }
                    for (var n : notifications) {
                        for (var change : n.getParameter().split(",")) {
                            decode(change).ifPresent(listener);
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("Lost the LISTEN connection for live updates; reconnecting", e);
                    sleep();
                }
            }
        }
    }

    // The wire form: "m<id>" or "m<id>.<customerId>" for a message, "c<customerId>" for consent, "i" for the inbox,
    // "v" for the team inbox's conversations,
    // "u<username in base64url>" for a person's ended sessions (a username may hold any character).
    static String encode(LiveChange change) {
        if (change instanceof LiveChange.SessionsEnded u) {
            return "u"
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(u.username().getBytes(UTF_8));
        } else if (change instanceof LiveChange.MessageChanged m) {
            return "m" + m.messageId() + (m.customerId() == null ? "" : "." + m.customerId());
        } else if (change instanceof LiveChange.ConsentChanged c) {
            return "c" + c.customerId();
        } else if (change instanceof LiveChange.ConversationsChanged) {
            return "v";
        } else {
            return "i";
        }
    }

    static Optional<LiveChange> decode(String wire) {
        try {
            if (wire.equals("i")) {
                return Optional.of(new LiveChange.InboxChanged());
            } else if (wire.equals("v")) {
                return Optional.of(new LiveChange.ConversationsChanged());
            } else if (wire.startsWith("u")) {
                return Optional.of(new LiveChange.SessionsEnded(
                        new String(Base64.getUrlDecoder().decode(wire.substring(1)), UTF_8)));
            } else if (wire.startsWith("c")) {
                return Optional.of(new LiveChange.ConsentChanged(Long.parseLong(wire.substring(1))));
            } else if (wire.startsWith("m")) {
                var parts = wire.substring(1).split("\\.", 2);
                var customerId = parts.length == 2 ? Long.valueOf(parts[1]) : null;
                return Optional.of(new LiveChange.MessageChanged(Long.parseLong(parts[0]), customerId));
            }
        } catch (IllegalArgumentException e) { // a malformed number or base64
            // below
        }
        log.debug("Ignoring live change {}", wire);
        return Optional.empty();
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void destroy() {
        running = false;
        if (listenerThread != null) {
            listenerThread.interrupt();
        }
    }
}
