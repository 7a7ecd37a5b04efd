package com.kontrol;

import com.kontrol.messaging.MessageReceived;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.event.EventListener;

/**
 * Every {@link MessageReceived} announced in the context, from any thread: texts are stored (and announced) on the
 * group-commit threads, which {@code @RecordApplicationEvents} does not see.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ReceivedTexts {

    private final List<MessageReceived> events = new CopyOnWriteArrayList<>();

    @EventListener
    void on(MessageReceived event) {
        events.add(event);
    }

    public List<MessageReceived> events() {
        return events;
    }
}
