package com.kontrol.messaging.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTests {

    @TempDir
    Path dir;

    @Test
    void entriesAreReadBackInTheOrderTheyCameAlsoAfterAReopen() throws IOException {
        var file = dir.resolve("inbound.spool");
        try (var spool = new Spool(file, 1_000_000)) {
            assertThat(spool.append("first")).isEqualTo(Spool.Append.KEPT);
            assertThat(spool.append("second, with ünïcödé")).isEqualTo(Spool.Append.KEPT);
        }
        try (var spool = new Spool(file, 1_000_000)) {
            assertThat(spool.depth()).isEqualTo(2);
            var read = spool.readFrom(0, 10);
            assertThat(read).extracting(Spool.Entry::text).containsExactly("first", "second, with ünïcödé");
            assertThat(spool.readFrom(read.get(0).end(), 10))
                    .extracting(Spool.Entry::text)
                    .containsExactly("second, with ünïcödé");
        }
    }

    @Test
    void aLineTornByACrashWasNeverAcknowledgedAndIsDroppedWhenTheSpoolOpens() throws IOException {
        var file = dir.resolve("inbound.spool");
        try (var spool = new Spool(file, 1_000_000)) {
            spool.append("whole");
        }
        Files.writeString(file, "0badc0de half a li", StandardOpenOption.APPEND);
        try (var spool = new Spool(file, 1_000_000)) {
            assertThat(spool.readFrom(0, 10)).extracting(Spool.Entry::text).containsExactly("whole");
            spool.append("next");
            assertThat(spool.readFrom(0, 10)).extracting(Spool.Entry::text).containsExactly("whole", "next");
        }
    }

    @Test
    void anEntryDamagedOnDiskIsSkippedAndTheOnesAfterItAreStillRead() throws IOException {
        var file = dir.resolve("inbound.spool");
        try (var spool = new Spool(file, 1_000_000)) {
            spool.append("one");
            spool.append("two");
            spool.append("three");
        }
        var bytes = Files.readAllBytes(file);
        var text = new String(bytes, StandardCharsets.UTF_8);
        bytes[text.indexOf("two")] = 'T'; // its checksum no longer matches
        Files.write(file, bytes);
        try (var spool = new Spool(file, 1_000_000)) {
            assertThat(spool.readFrom(0, 10)).extracting(Spool.Entry::text).containsExactly("one", "three");
        }
    }

    @Test
    void anEntryBeyondTheBudgetIsRefusedAndNothingOfItIsWritten() throws IOException {
        try (var spool = new Spool(dir.resolve("inbound.spool"), 40)) {
            assertThat(spool.append("a".repeat(20))).isEqualTo(Spool.Append.KEPT);
            long size = spool.bytes();
            assertThat(spool.append("b".repeat(20))).isEqualTo(Spool.Append.FULL);
            assertThat(spool.bytes()).isEqualTo(size);
            assertThat(spool.depth()).isEqualTo(1);
        }
    }

    @Test
    void theSpoolIsEmptiedOnlyWhenNothingArrivedAfterWhatWasStored() throws IOException {
        try (var spool = new Spool(dir.resolve("inbound.spool"), 1_000_000)) {
            spool.append("stored");
            long end = spool.readFrom(0, 10).get(0).end();
            spool.append("arrived during the replay");
            assertThat(spool.emptyIfAt(end)).isFalse();
            assertThat(spool.depth()).isEqualTo(2);
            long last = spool.readFrom(end, 10).get(0).end();
            assertThat(spool.emptyIfAt(last)).isTrue();
            assertThat(spool.isEmpty()).isTrue();
            assertThat(spool.readFrom(0, 10)).isEmpty();
            // what arrives next goes to the database again, not to the spool just emptied
            assertThat(spool.appendIfHolding("late")).isEqualTo(Spool.Append.EMPTY);
            assertThat(spool.isEmpty()).isTrue();
        }
    }

    @Test
    void entriesAppendedTogetherShareForcesAndEachIsReadBackOnceWithEachWebhooksInItsOrder() throws Exception {
        int webhooks = 8;
        int each = 100;
        try (var spool = new Spool(dir.resolve("inbound.spool"), 10_000_000)) {
            var start = new CountDownLatch(1);
            var pool = Executors.newFixedThreadPool(webhooks);
            try {
                var done = new ArrayList<Future<?>>();
                for (int w = 0; w < webhooks; w++) {
                    int webhook = w;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < each; i++) {
                            assertThat(spool.append(webhook + ":" + i)).isEqualTo(Spool.Append.KEPT);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (var f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            var read = spool.readFrom(0, webhooks * each + 1).stream()
                    .map(Spool.Entry::text)
                    .toList();
            assertThat(read).hasSize(webhooks * each).doesNotHaveDuplicates();
            for (int w = 0; w < webhooks; w++) {
                var prefix = w + ":";
                assertThat(read.stream().filter(t -> t.startsWith(prefix)).toList())
                        .isEqualTo(IntStream.range(0, each)
                                .mapToObj(i -> prefix + i)
                                .toList());
            }
            assertThat(spool.forces()).isPositive().isLessThan(webhooks * each);
        }
    }
}
