package com.kontrol.live;

import com.kontrol.messaging.Message;
import com.kontrol.messaging.MessageQueued;
import com.kontrol.messaging.MessageReceived;
import com.kontrol.messaging.MessageStatusChanged;
import com.kontrol.messaging.Messages;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Pushes new and changed messages to the SMS tabs that show them. A lost push costs nothing lasting (the next page load
 * shows the truth), so plain listeners are enough; the {@link LiveBus} carries each change to every instance once the
 * change is committed.
 */
@Component
class LiveUpdates implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);
    static final long TIMEOUT_MILLIS = 30 * 60 * 1000L; // the browser reconnects by itself

    private final Map<Long, Set<SseEmitter>> threads = new ConcurrentHashMap<>();
    private final ExecutorService pushes = Executors.newSingleThreadExecutor(r -> {
        var t = new Thread(r, "live-updates");
        t.setDaemon(true);
        return t;
    });
    private final Messages messages;
    private final TemplateEngine templates;
    private final LiveBus bus;

    LiveUpdates(Messages messages, TemplateEngine templates, LiveBus bus) {
        this.messages = messages;
        this.templates = templates;
        this.bus = bus;
        bus.onChange(this::changed);
    }

    SseEmitter watchThread(long customerId) {
        var emitter = new SseEmitter(TIMEOUT_MILLIS);
        var watchers = threads.computeIfAbsent(customerId, k -> new CopyOnWriteArraySet<>());
        watchers.add(emitter);
        Runnable forget = () -> watchers.remove(emitter);
        emitter.onCompletion(forget);
        emitter.onTimeout(forget);
        emitter.onError(e -> forget.run());
        return emitter;
    }

    @EventListener
    void received(MessageReceived event) {
        bus.announce(event.message().id());
    }

    @EventListener
    void queued(MessageQueued event) {
        bus.announce(event.message().id());
    }

    @EventListener
    void statusChanged(MessageStatusChanged event) {
        bus.announce(event.message().id());
    }

    /** A message changed somewhere (this instance or another): render it once and push it to its watchers. */
    private void changed(long messageId) {
        pushes.execute(() -> messages.findById(messageId).ifPresent(this::push));
    }

    private void push(Message message) {
        if (message.customerId() == null) {
            return;
        }
        var watchers = threads.get(message.customerId());
        if (watchers == null || watchers.isEmpty()) {
            return;
        }
        var context = new Context();
        context.setVariable("m", message);
        var html = templates.process("live/message", context);
        for (var emitter : watchers) {
            try {
                emitter.send(SseEmitter.event().name("message").data(html));
            } catch (IOException | IllegalStateException e) {
                watchers.remove(emitter); // the browser went away
            }
        }
    }

    private volatile boolean running;

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every stream before the web server's graceful shutdown, which would otherwise wait for these never-ending
     * requests; the browsers reconnect (to another instance, if there is one).
     */
    @Override
    public void stop() {
        running = false;
        threads.values().forEach(watchers -> watchers.forEach(SseEmitter::complete));
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE; // stops first
    }

    /** A comment now and then keeps proxies from closing idle streams and finds the dead ones. */
    @Scheduled(fixedDelay = 25_000)
    void heartbeat() {
        threads.values()
                .forEach(watchers -> watchers.forEach(emitter -> {
                    try {
                        emitter.send(SseEmitter.event().comment("keep-alive"));
                    } catch (IOException | IllegalStateException e) {
                        watchers.remove(emitter);
                    }
                }));
    }
}
