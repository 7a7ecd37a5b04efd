package com.kontrol.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The counts an operator watches texts by ({@code /actuator/prometheus}): received, sent (accepted by the provider,
 * with the time from the queue to that acceptance), delivered, and failed by the class of the provider's error code
 * ({@code 300xx} for carrier refusals, {@code 216xx} for opted-out recipients…; {@code none} when it gave no code).
 */
@Component
public class TextMeters {

    private final MeterRegistry registry;
    private final Counter received;
    private final Counter sent;
    private final Counter delivered;
    private final Timer queueToAccepted;

    TextMeters(MeterRegistry registry) {
        this.registry = registry;
        this.received = Counter.builder("kontrol.texts.received")
                .description("Customers' texts stored (retries of one text count once)")
                .register(registry);
        this.sent = Counter.builder("kontrol.texts.sent")
                .description("Texts the SMS provider accepted")
                .register(registry);
        this.delivered = Counter.builder("kontrol.texts.delivered")
                .description("Texts the carrier reported delivered")
                .register(registry);
        this.queueToAccepted = Timer.builder("kontrol.outbox.queue.to.accepted")
                .description("Time from a text joining the outbox to the provider accepting it")
                .publishPercentileHistogram()
                .register(registry);
    }

    public void received() {
        received.increment();
    }

    /** A text the provider accepted, {@code waited} after it joined the queue. */
    public void sent(Duration waited) {
        sent.increment();
        queueToAccepted.record(waited.isNegative() ? Duration.ZERO : waited);
    }

    public void delivered() {
        delivered.increment();
    }

    /** A text that failed or was undelivered, with the provider's error code when it gave one. */
    public void failed(Integer errorCode) {
        registry.counter("kontrol.texts.failed", "error_class", errorClass(errorCode))
                .increment();
    }

    /** 30007 → {@code 300xx}: a handful of tag values, not one per code. */
    static String errorClass(Integer code) {
        if (code == null || code < 100) {
            return "none";
        }
        return code / 100 + "xx";
    }
}
