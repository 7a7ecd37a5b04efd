package com.kontrol.messaging.inbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What arrives while the database cannot take it: texts and delivery reports, appended to the spool in the data dir
 * ({@code spool/inbound.spool}) and forced to disk before the provider is answered, then stored by {@link SpoolReplay}
 * once the database is back. While the spool holds anything, whatever arrives joins it at the end, so that everything
 * is stored in the order it arrived. Each instance has its own spool and replays it itself.
 */
@Component
class IntakeSpool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IntakeSpool.class);

    /** What arrived, when: a text or a delivery report. */
    record Arrival(OffsetDateTime at, IncomingText text, DeliveryReport report) {

        static Arrival of(IncomingText text, OffsetDateTime at) {
            return new Arrival(at, text, null);
        }

        static Arrival of(DeliveryReport report, OffsetDateTime at) {
            return new Arrival(at, null, report);
        }
    }

    /** An arrival read back, with the spool offset after it. */
    record Spooled(Arrival arrival, long end) {}

    /** The spool is full: the webhook is refused (503), as it would be without a spool. */
    static final class Full extends IllegalStateException {
        Full(String message) {
            super(message);
        }
    }

    private final Spool spool;
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final Path setAside;
    private final Counter spooled;
    private final Counter refused;
    private volatile boolean full;

    IntakeSpool(@Value("${kontrol.data-dir}") String dataDir, SpoolSettings settings, MeterRegistry meters) {
        this.spool = new Spool(
                Path.of(dataDir, "spool", "inbound.spool"), settings.maxSize().toBytes());
        this.setAside = Path.of(dataDir, "spool", "set-aside.jsonl");
        if (!spool.isEmpty()) {
            log.warn(
                    "The spool holds {} webhooks from before the restart: they are stored once the database answers",
                    spool.depth());
        }
        Gauge.builder("kontrol.inbound.spool.depth", spool, Spool::depth)
                .description("Texts and delivery reports in the outage spool, waiting for the database")
                .register(meters);
        Gauge.builder("kontrol.inbound.spool.bytes", spool, Spool::bytes)
                .description("Size of the outage spool")
                .baseUnit("bytes")
                .register(meters);
        FunctionCounter.builder("kontrol.inbound.spool.forces", spool, Spool::forces)
                .description("Forces of the outage spool to disk: one covers all the webhooks that wrote meanwhile")
                .register(meters);
        this.spooled = Counter.builder("kontrol.inbound.spooled")
                .description("Webhooks kept in the outage spool while the database was away")
                .register(meters);
        this.refused = Counter.builder("kontrol.inbound.spool.refused")
                .description("Webhooks refused because the outage spool was full")
                .register(meters);
    }

    /** Whether anything waits in the spool: then whatever arrives goes after it. */
    boolean isHolding() {
        return !spool.isEmpty();
    }

    int depth() {
        return spool.depth();
    }

    /**
     * Keeps {@code arrival} on disk (forced) before it returns.
     *
     * @throws Full when the spool has reached its budget
     * @throws IllegalStateException when the disk refuses the write
     */
    void keep(Arrival arrival) {
        keep(arrival, false);
    }

    /**
     * Keeps {@code arrival} as {@link #keep} does if the spool holds anything (so that it is stored after what came
     * before it); false, with nothing kept, when the spool is empty.
     */
    boolean keepIfHolding(Arrival arrival) {
        return keep(arrival, true);
    }

    private boolean keep(Arrival arrival, boolean onlyIfHolding) {
        if (onlyIfHolding && spool.isEmpty()) {
            return false; // nearly always: no JSON written for a text the database takes at once
        }
        try {
            var line = json.writeValueAsString(arrival);
            var result = onlyIfHolding ? spool.appendIfHolding(line) : spool.append(line);
            if (result == Spool.Append.FULL) {
                full = true;
                refused.increment();
                log.error(
                        "The outage spool is full ({} bytes, {} webhooks): refusing webhooks with 503 until the"
                                + " database is back",
                        spool.bytes(),
                        spool.depth());
                throw new Full("The outage spool is full");
            }
            if (result == Spool.Append.KEPT) {
                spooled.increment();
            }
            return result == Spool.Append.KEPT;
        } catch (IOException e) { // a full or failing disk: answered 503, as without a spool
            throw new IllegalStateException("Could not write to the outage spool", e);
        }
    }

    /** Up to {@code max} arrivals from {@code offset} (0: the oldest), in the order they arrived. */
    List<Spooled> readFrom(long offset, int max) {
        try {
            var out = new ArrayList<Spooled>();
            for (var entry : spool.readFrom(offset, max)) {
                out.add(new Spooled(json.readValue(entry.text(), Arrival.class), entry.end()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the outage spool", e);
        }
    }

    /** Whether the spool refused the last webhook for want of room, and has not been emptied since. */
    boolean isFull() {
        return full;
    }

    /**
     * Keeps an arrival the intake refused although the database answered, beside the spool ({@code
     * set-aside.jsonl}, one JSON object a line) for an operator to look at: it is neither lost nor in the way.
     */
    void setAside(Arrival arrival) {
        try {
            Files.writeString(
                    setAside,
                    json.writeValueAsString(arrival) + "\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not set aside a spooled webhook in " + setAside, e);
        }
    }

    /** Empties the spool when nothing arrived after {@code offset}; false when more did. */
    boolean emptyIfAt(long offset) {
        try {
            if (!spool.emptyIfAt(offset)) {
                return false;
            }
            full = false;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not empty the outage spool", e);
        }
    }

    @Override
    public void close() throws IOException {
        spool.close();
    }
}
