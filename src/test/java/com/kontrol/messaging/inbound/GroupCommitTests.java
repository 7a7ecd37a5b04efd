package com.kontrol.messaging.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

/** The group commit's two stages: a group is stored and committed, then announced, and only then are its callers answered. */
class GroupCommitTests {

    private final GroupCommit groupCommit = new GroupCommit(
            new TransactionTemplate(new NoDatabase()),
            new SimpleMeterRegistry(),
            new SpoolSettings(DataSize.ofMegabytes(1), Duration.ofSeconds(10)));
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
