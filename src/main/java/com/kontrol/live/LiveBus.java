package com.kontrol.live;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.LongConsumer;
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
    private volatile LongConsumer listener = id -> {};
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

    void onChange(LongConsumer listener) {
        this.listener = listener;
    }

    /**
     * Call within the transaction that changed the message, if there is one: PostgreSQL then delivers the notification
     * when (and only if) it commits, and no second connection is needed while the transaction holds one.
     */
    void announce(long messageId) {
        if (!postgres) {
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        listener.accept(messageId);
                    }
                });
            } else {
                listener.accept(messageId);
            }
            return;
        }
        try {
            jdbc.sql("select pg_notify(:channel, :id)")
                    .param("channel", CHANNEL)
                    .param("id", Long.toString(messageId))
                    .query()
                    .singleRow();
        } catch (RuntimeException e) {
            log.warn("Could not announce message {} to other instances; delivering it here", messageId, e);
            listener.accept(messageId);
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
                        try {
                            listener.accept(Long.parseLong(n.getParameter()));
                        } catch (NumberFormatException e) {
                            log.debug("Ignoring notification {}", n.getParameter());
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
