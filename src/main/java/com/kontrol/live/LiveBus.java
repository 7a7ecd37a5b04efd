package com.kontrol.live;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * Carries each {@link LiveChange} to every instance: NOTIFY on a channel that each instance LISTENs to on a connection
 * of its own, so a text received by one instance shows up on the pages served by another (and one instance hears its
 * own news the same way).
 *
 * <p>News of what is already committed (announced outside a transaction, or after its commit) goes from a thread of
 * its own, everything that came meanwhile in one notification: the outbox's senders, which announce each text they
 * hand to the provider, do not wait for a round trip to the database each, nor make one each.
 */
@Component
class LiveBus implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LiveBus.class);
    static final String CHANNEL = "kontrol_live";

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private volatile Consumer<LiveChange> listener = change -> {};
    private volatile boolean running = true;
    private Thread listenerThread;
    private final LinkedBlockingQueue<LiveChange> committed = new LinkedBlockingQueue<>();
    private final Thread senderThread;

    LiveBus(DataSource dataSource, JdbcClient jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        listenerThread = new Thread(this::listen, "live-bus-listener");
        listenerThread.setDaemon(true);
        listenerThread.start();
        senderThread = new Thread(this::sendCommitted, "live-bus-sender");
        senderThread.setDaemon(true);
        senderThread.start();
    }

    void onChange(Consumer<LiveChange> listener) {
        this.listener = listener;
    }

    /**
     * Announces a change. Within a transaction the news waits for the commit (nothing is announced if it rolls back),
     * and all the changes of one transaction travel in one notification. Each transaction has its own list, found
     * among its synchronizations: one that runs in a listener after another's commit (REQUIRES_NEW, while the first is
     * suspended) must not add to the list that already went out.
     */
    void announce(LiveChange change) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            committed.add(change);
            return;
        }
        Pending pending = null;
        for (var synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof Pending p && p.bus() == this) {
                pending = p;
                break;
            }
        }
        if (pending == null) {
            pending = new Pending(this);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        pending.add(change);
    }

    /** The changes of one transaction, sent when it commits; one announced after that (in an after-commit listener) goes at once. */
    private static final class Pending implements TransactionSynchronization {
        private final LiveBus bus;
        private final List<LiveChange> changes = new ArrayList<>();
        private boolean done;

        Pending(LiveBus bus) {
            this.bus = bus;
        }

        LiveBus bus() {
            return bus;
        }

        void add(LiveChange change) {
            if (done) {
                bus.committed.add(change);
            } else if (!changes.contains(change)) {
                changes.add(change);
            }
        }

        // Sent after the commit rather than with it (a NOTIFY in the transaction): the transaction then waits for one
        // round trip less, which is what a group of texts is made of when the database is farther away. A crash in
        // between loses the news, not the change: a page shows it at its next load, a thread when its stream reopens.
        @Override
        public void afterCommit() {
            done = true;
            bus.committed.addAll(changes);
        }

        @Override
        public void afterCompletion(int status) {
            done = true;
        }
    }

    /** Sends what was committed, as it comes: all that is waiting at once, each change once. */
    private void sendCommitted() {
        var changes = new ArrayList<LiveChange>();
        while (running || !committed.isEmpty()) {
            try {
                var first = committed.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                changes.add(first);
                committed.drainTo(changes, 1_000);
                send(changes.stream().distinct().toList());
            } catch (InterruptedException e) {
                if (!running) {
                    continue; // stopping: what is still waiting goes out, then the loop ends
                }
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Could not announce {} changes", changes.size(), e);
            } finally {
                changes.clear();
            }
        }
    }

    private void send(List<LiveChange> changes) {
        // A notification carries at most 8,000 bytes: as many changes as fit in 7,000 go in each.
        var payloads = new ArrayList<String>();
        var payload = new StringBuilder();
        for (var change : changes) {
            var wire = encode(change);
            if (!payload.isEmpty() && payload.length() + 1 + wire.length() > 7_000) {
                payloads.add(payload.toString());
                payload.setLength(0);
            }
            payload.append(payload.isEmpty() ? "" : ",").append(wire);
        }
        if (!payload.isEmpty()) {
            payloads.add(payload.toString());
        }
        for (var ids : payloads) {
            try {
                jdbc.sql("select pg_notify(:channel, :ids)")
                        .param("channel", CHANNEL)
                        .param("ids", ids)
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
    // "v" for the team inbox's conversations, "j<jobId>" for a job's visits,
    // "u<username in base64url>" for a person's ended sessions (a username may hold any character),
    // "a<messageId>.<1 with a sound, else 0>.<username in base64url>" for a browser alert,
    // "p<customerId>.<h|t|l>.<username in base64url>" for presence (here, typing, left),
    // "t<customerId>.<from in base64url>.<by in base64url>" for a conversation taken from someone.
    static String encode(LiveChange change) {
        if (change instanceof LiveChange.Present p) {
            return "p" + p.customerId() + "." + p.state().code + "." + base64(p.username());
        } else if (change instanceof LiveChange.Taken t) {
            return "t" + t.customerId() + "." + base64(t.from()) + "." + base64(t.by());
        } else if (change instanceof LiveChange.SessionsEnded u) {
            return "u" + base64(u.username());
        } else if (change instanceof LiveChange.Alerted a) {
            return "a" + a.messageId() + "." + (a.sound() ? "1" : "0") + "." + base64(a.username());
        } else if (change instanceof LiveChange.MessageChanged m) {
            return "m" + m.messageId() + (m.customerId() == null ? "" : "." + m.customerId());
        } else if (change instanceof LiveChange.ConsentChanged c) {
            return "c" + c.customerId();
        } else if (change instanceof LiveChange.ConversationsChanged) {
            return "v";
        } else if (change instanceof LiveChange.VisitsChanged j) {
            return "j" + j.jobId();
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
            } else if (wire.startsWith("a")) {
                var parts = wire.substring(1).split("\\.", 3);
                return Optional.of(new LiveChange.Alerted(
                        Long.parseLong(parts[0]),
                        new String(Base64.getUrlDecoder().decode(parts[2]), UTF_8),
                        parts[1].equals("1")));
            } else if (wire.startsWith("p")) {
                var parts = wire.substring(1).split("\\.", 3);
                return Presence.State.of(parts[1])
                        .map(state -> new LiveChange.Present(Long.parseLong(parts[0]), unbase64(parts[2]), state));
            } else if (wire.startsWith("t")) {
                var parts = wire.substring(1).split("\\.", 3);
                return Optional.of(
                        new LiveChange.Taken(Long.parseLong(parts[0]), unbase64(parts[1]), unbase64(parts[2])));
            } else if (wire.startsWith("j")) {
                return Optional.of(new LiveChange.VisitsChanged(Long.parseLong(wire.substring(1))));
            } else if (wire.startsWith("c")) {
                return Optional.of(new LiveChange.ConsentChanged(Long.parseLong(wire.substring(1))));
            } else if (wire.startsWith("m")) {
                var parts = wire.substring(1).split("\\.", 2);
                var customerId = parts.length == 2 ? Long.valueOf(parts[1]) : null;
                return Optional.of(new LiveChange.MessageChanged(Long.parseLong(parts[0]), customerId));
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) { // a malformed number or base64
            // below
        }
        log.debug("Ignoring live change {}", wire);
        return Optional.empty();
    }

    private static String unbase64(String text) {
        return new String(Base64.getUrlDecoder().decode(text), UTF_8);
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(UTF_8));
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
        try {
            senderThread.join(2_000); // the news still waiting, while the database is still there
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
