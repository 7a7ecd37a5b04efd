package com.kontrol.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.kontrol.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Two instances on one PostgreSQL: a change announced on one reaches the other, once committed. */
class LiveBusTests {

    @Test
    void aChangeOnOneInstanceReachesTheOtherOnlyWhenCommitted() throws Exception {
        var name = TestDatabase.createPostgresDatabase();
        try (var one = dataSource(name);
                var two = dataSource(name)) {
            var first = new LiveBus(one, JdbcClient.create(one));
            var second = new LiveBus(two, JdbcClient.create(two));
            List<LiveChange> seen = new CopyOnWriteArrayList<>();
            second.onChange(seen::add);
            // The second instance's LISTEN is in place once a change announced by the first reaches it.
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                first.announce(new LiveChange.InboxChanged());
                return !seen.isEmpty();
            });
            seen.clear();

            var transactions = new TransactionTemplate(new DataSourceTransactionManager(one));
            transactions.executeWithoutResult(status -> {
                first.announce(new LiveChange.MessageChanged(41, 7L));
                status.setRollbackOnly();
            });
            transactions.executeWithoutResult(status -> {
                first.announce(new LiveChange.MessageChanged(42, 7L));
                first.announce(new LiveChange.InboxChanged());
                first.announce(new LiveChange.ConsentChanged(7));
            });
            first.announce(new LiveChange.MessageChanged(43, null)); // outside a transaction: at once

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> seen.containsAll(List.of(
                            new LiveChange.MessageChanged(42, 7L),
                            new LiveChange.InboxChanged(),
                            new LiveChange.ConsentChanged(7),
                            new LiveChange.MessageChanged(43, null))));
            assertThat(seen).doesNotContain(new LiveChange.MessageChanged(41, 7L));
            first.destroy();
            second.destroy();
        }
    }

    private static HikariDataSource dataSource(String database) {
        var ds = new HikariDataSource();
        ds.setJdbcUrl(TestDatabase.postgres().url() + database);
        ds.setUsername(TestDatabase.postgres().user());
        ds.setPassword(TestDatabase.postgres().password());
        ds.setMaximumPoolSize(3);
        return ds;
    }

    @Test
    void everyChangeSurvivesTheWireFormAndOneTransactionsManyAlertsFitInNotifications() {
        var changes = List.<LiveChange>of(
                new LiveChange.MessageChanged(42, 7L),
                new LiveChange.MessageChanged(43, null),
                new LiveChange.ConsentChanged(7),
                new LiveChange.SessionsEnded("dana.o'neil, the boss"),
                new LiveChange.ConversationsChanged(),
                new LiveChange.VisitsChanged(12),
                new LiveChange.InboxChanged(),
                new LiveChange.Alerted(44, "kai.m@ace", true),
                new LiveChange.Alerted(45, "ünal, 2nd", false),
                new LiveChange.Present(7, "dana.o'neil, the boss", Presence.State.HERE),
                new LiveChange.Present(7, "kai", Presence.State.TYPING),
                new LiveChange.Present(8, "ünal, 2nd", Presence.State.LEFT),
                new LiveChange.Taken(7, "kai.m@ace", "dana, the boss"));
        for (var change : changes) {
            assertThat(LiveBus.decode(LiveBus.encode(change))).contains(change);
        }
        assertThat(LiveBus.decode("a12.1")).isEmpty(); // malformed: ignored, not thrown
        assertThat(LiveBus.decode("ax.1.YQ")).isEmpty();
        assertThat(LiveBus.decode("p7.z.YQ")).isEmpty(); // no such presence
        assertThat(LiveBus.decode("t7.YQ")).isEmpty();
    }

    @Test
    void aChangeAnnouncedInANewTransactionAfterAnotherOneCommittedIsNotLost() {
        var dataSource = dataSource(TestDatabase.createPostgresDatabase());
        var bus = new LiveBus(dataSource, JdbcClient.create(dataSource));
        List<LiveChange> seen = new CopyOnWriteArrayList<>();
        bus.onChange(seen::add);
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> { // its LISTEN is in place once its own news reaches it
                            bus.announce(new LiveChange.InboxChanged());
                            return !seen.isEmpty();
                        });
        seen.clear();
        var manager = new DataSourceTransactionManager(dataSource);
        var transaction = new TransactionTemplate(manager);
        var requiresNew = new TransactionTemplate(manager);
        requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);

        // As a listener after a text's commit (the alerts, the emergency line) announces from a transaction of its own.
        transaction.executeWithoutResult(status -> {
            bus.announce(new LiveChange.MessageChanged(1, 7L));
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    requiresNew.executeWithoutResult(inner -> bus.announce(new LiveChange.Alerted(2, "dana", false)));
                }
            });
        });

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(seen.stream() // a late echo of the readiness probe aside
                                .filter(c -> !(c instanceof LiveChange.InboxChanged))
                                .toList())
                        .containsExactly(
                                new LiveChange.MessageChanged(1, 7L), new LiveChange.Alerted(2, "dana", false)));
        bus.destroy();
        dataSource.close();
    }
}
