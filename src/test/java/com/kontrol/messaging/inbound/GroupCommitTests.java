package com.kontrol.messaging.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * The group commit's two stages (a group is stored and committed, then announced, and only then are its callers
 * answered) and its writers (several groups at once, each sender's texts in order).
 */
class GroupCommitTests {

    private final GroupCommit groupCommit = withoutDatabase(1, Duration.ofMillis(2));
    private final List<String> announced = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        groupCommit.start();
    }

    @AfterEach
    void stop() {
        groupCommit.stop();
    }

    @Test
    void aCallerIsAnsweredOnlyOnceItsTextIsAnnounced() throws Exception {
        var work = new Work() {
            @Override
            public void committed(List<String> results) {
                // announcing takes a while (what the callers must wait for), simulated
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                super.committed(results);
            }
        };
        var callers = Executors.newFixedThreadPool(8);
        try {
            var answers = new ArrayList<Future<Boolean>>();
            for (int i = 0; i < 40; i++) {
                var text = "text " + i;
                answers.add(callers.submit(() -> announced.contains(groupCommit.submit(text, work))));
            }
            for (var answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(announced).hasSize(40);
    }

    @Test
    void theNextGroupIsStoredWhileTheLastOneIsStillAnnounced() throws Exception {
        var secondStored = new CountDownLatch(1);
        var overlapped = new CountDownLatch(1);
        var firstAnnouncing = new CountDownLatch(1);
        var work = new Work() {
            @Override
            public List<String> store(List<String> items) {
                if (items.contains("second")) {
                    secondStored.countDown();
                }
                return super.store(items);
            }

            @Override
            public void committed(List<String> results) {
                if (results.contains("stored first")) {
                    firstAnnouncing.countDown();
                    try { // one stage after the other would never store the second group meanwhile
                        if (secondStored.await(5, TimeUnit.SECONDS)) {
                            overlapped.countDown();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                super.committed(results);
            }
        };
        var callers = Executors.newFixedThreadPool(2);
        try {
            var first = callers.submit(() -> groupCommit.submit("first", work));
            assertThat(firstAnnouncing.await(10, TimeUnit.SECONDS)).isTrue(); // committed, waiting in its announcement
            var second = callers.submit(() -> groupCommit.submit("second", work));
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("stored first");
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("stored second");
        } finally {
            callers.shutdownNow();
        }
        assertThat(overlapped.getCount()).isZero();
        assertThat(announced).containsExactly("stored first", "stored second");
    }

    @Test
    void aFailureAfterTheCommitStillAnswersTheCaller() {
        var work = new Work() {
            @Override
            public void committed(List<String> results) {
                throw new IllegalStateException("a listener failed");
            }
        };
        assertThat((String) groupCommit.submit("text", work)).isEqualTo("stored text");
    }

    @Test
    void anotherSendersTextIsStoredWhileAGroupStillWaitsForTheDatabase() throws Exception {
        anotherSendersTextIsStoredWhileAGroupStillWaits(Duration.ofMillis(1));
    }

    @Test
    void withHelpersJoiningAtOnceAnotherSendersTextIsStoredWhileAGroupStillWaitsForTheDatabase() throws Exception {
        anotherSendersTextIsStoredWhileAGroupStillWaits(Duration.ZERO);
    }

    @Test
    void helpersJoiningAtOnceParkWhileNothingArrives() {
        var commit = withoutDatabase(3, Duration.ZERO);
        commit.start();
        try {
            assertThat((String) commit.submit("text", new Work())).isEqualTo("stored text");
            var helpers = Thread.getAllStackTraces().keySet().stream()
                    .filter(t ->
                            t.getName().equals("group-commit-2") || t.getName().equals("group-commit-3"))
                    .toList();
            assertThat(helpers).hasSize(2);
            // A helper that polls with a zero timeout never parks: it stays runnable, working for nothing.
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> helpers.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING));
        } finally {
            commit.stop();
        }
    }

    private void anotherSendersTextIsStoredWhileAGroupStillWaits(Duration overflowAfter) throws Exception {
        var commit = withoutDatabase(2, overflowAfter);
        var slowOneWaiting = new CountDownLatch(1);
        var letSlowOneGo = new CountDownLatch(1);
        var work = new Work() {
            @Override
            public List<String> store(List<String> items) {
                if (items.contains("slow")) { // a commit that waits for a distant database
                    slowOneWaiting.countDown();
                    await(letSlowOneGo);
                }
                return super.store(items);
            }

            @Override
            public Object orderOf(String item) {
                return item.startsWith("slow") ? "the slow one's sender" : "another sender";
            }
        };
        commit.start();
        var callers = Executors.newFixedThreadPool(3);
        try {
            var slow = callers.submit(() -> commit.submit("slow", work));
            assertThat(slowOneWaiting.await(10, TimeUnit.SECONDS)).isTrue();
            var slowOnesNext = callers.submit(() -> commit.submit("slow, next", work));
            var quick = callers.submit(() -> commit.submit("quick", work));
            assertThat(quick.get(10, TimeUnit.SECONDS)).isEqualTo("stored quick");
            assertThat(slow.isDone()).isFalse();
            assertThat(slowOnesNext.isDone())
                    .as("waits for its sender's earlier text")
                    .isFalse();
            letSlowOneGo.countDown();
            assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("stored slow");
            assertThat(slowOnesNext.get(10, TimeUnit.SECONDS)).isEqualTo("stored slow, next");
            assertThat(announced).containsSubsequence("stored slow", "stored slow, next");
        } finally {
            letSlowOneGo.countDown();
            callers.shutdownNow();
            commit.stop();
        }
    }

    @Test
    void eachSendersTextsAreStoredInTheOrderTheyCameAcrossWriters() throws Exception {
        var commit = withoutDatabase(4, Duration.ofMillis(1));
        var stored = new CopyOnWriteArrayList<String>();
        var writers = ConcurrentHashMap.<String>newKeySet();
        var work = new Work() {
            @Override
            public List<String> store(List<String> items) {
                // slow groups, so that the helping writers join; each at its own speed, so that without an order per
                // sender the texts would overtake each other
                writers.add(Thread.currentThread().getName());
                LockSupport.parkNanos(1_000_000 + ThreadLocalRandom.current().nextLong(1_000_000));
                stored.addAll(items);
                return super.store(items);
            }

            @Override
            public Object orderOf(String item) {
                return item.substring(0, item.indexOf(':'));
            }
        };
        commit.start();
        try {
            var done = new ArrayList<CompletableFuture<String>>();
            for (int i = 0; i < 2_000; i++) { // arriving one after the other, as webhooks do
                done.add(commit.submitLater("sender" + (i % 10) + ":" + i, work));
                LockSupport.parkNanos(20_000);
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            commit.stop();
        }
        assertThat(writers).as("writers that stored groups").hasSizeGreaterThan(1);
        assertThat(stored).hasSize(2_000);
        for (int sender = 0; sender < 10; sender++) {
            var prefix = "sender" + sender + ":";
            var sequence = stored.stream()
                    .filter(s -> s.startsWith(prefix))
                    .map(s -> Integer.parseInt(s.substring(prefix.length())))
                    .toList();
            assertThat(sequence).as(prefix).hasSize(200).isSorted();
        }
    }

    @Test
    void withADatabaseThatKeepsUpOneWriterStoresEveryGroup() throws Exception {
        var commit = withoutDatabase(4, Duration.ofSeconds(5));
        var writers = new CopyOnWriteArrayList<String>();
        var work = new Work() {
            @Override
            public List<String> store(List<String> items) {
                writers.add(Thread.currentThread().getName());
                return super.store(items);
            }

            @Override
            public Object orderOf(String item) {
                return item;
            }
        };
        commit.start();
        try {
            var done = new ArrayList<CompletableFuture<String>>();
            for (int i = 0; i < 500; i++) {
                done.add(commit.submitLater("text " + i, work));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            commit.stop();
        }
        assertThat(writers).isNotEmpty().containsOnly("group-commit-1");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A group commit with {@code writers} writers, the helpers joining after {@code overflowAfter}. */
    private static GroupCommit withoutDatabase(int writers, Duration overflowAfter) {
        return new GroupCommit(
                new TransactionTemplate(new NoDatabase()),
                new SimpleMeterRegistry(),
                new SpoolSettings(DataSize.ofMegabytes(1), Duration.ofSeconds(10)),
                writers,
                overflowAfter);
    }

    /** Stores "x" as "stored x" and remembers what it announced. */
    private class Work implements GroupCommit.Work<String, String> {
        @Override
        public List<String> store(List<String> items) {
            return items.stream().map(i -> "stored " + i).toList();
        }

        @Override
        public void committed(List<String> results) {
            announced.addAll(results);
        }

        @Override
        public Object orderOf(String item) {
            return null;
        }
    }

    /** Transactions without a database: what is tested here is when things happen, not what is stored. */
    private static final class NoDatabase extends AbstractPlatformTransactionManager {
        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {}

        @Override
        protected void doCommit(DefaultTransactionStatus status) {}

        @Override
        protected void doRollback(DefaultTransactionStatus status) {}
    }
}
