package com.kontrol.live;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
 * Carries "message N changed" to every instance. On PostgreSQL: NOTIFY on a channel that each instance LISTENs to on a
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
    private volatile Consumer<String> listener = token -> {};
    private volatile boolean running = true;
    private Thread listenerThread;

    LiveBus(DataSource dataSource, JdbcClient jdbc) throws SQLException {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        try (var c = dataSource.getConnection()) {
            this.postgres = c.getMetaData().getDatabaseProductName().equalsIgnoreCase("PostgreSQL");
        }
        if (postgres) {
            listenerThread = new Thread(this::listen, "live-bus-listener");
            listenerThread.setDaemon(true);
            listenerThread.start();
        }
    }

    void onChange(Consumer<String> listener) {
        this.listener = listener;
    }

    /**
     * Announces a change: a message id, or {@code inbox}. Within a transaction the news waits for the commit (nothing
     * is announced if it rolls back), and all the changes of one transaction travel in one notification.
     */
    void announce(String change) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            send(List.of(change));
            return;
        }
        @SuppressWarnings("unchecked")
        var pending = (List<String>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            var ids = new ArrayList<String>();
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

    private void send(List<String> ids) {
        if (!postgres) {
            ids.forEach(listener::accept);
            return;
        }
        // A notification carries at most 8,000 bytes: a few hundred ids a time.
        for (int from = 0; from < ids.size(); from += 400) {
            var payload =
                    ids.subList(from, Math.min(ids.size(), from + 400)).stream().collect(Collectors.joining(","));
            try {
                jdbc.sql("select pg_notify(:channel, :ids)")
                        .param("channel", CHANNEL)
                        .param("ids", payload)
                        .query()
                        .singleRow();
            } catch (RuntimeException e) {
                log.warn("Could not announce changes to other instances; showing them here only", e);
                ids.forEach(listener::accept);
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
                            listener.accept(change);
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
