package com.kontrol.live;

import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.BusinessNumbers;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.ThreadReads;
import com.kontrol.messaging.calls.CallLog;
import com.kontrol.messaging.consent.ConsentReviews;
import com.kontrol.messaging.outbound.ScheduledWords;
import com.kontrol.messaging.unassigned.UnassignedNumbers;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.Times;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes each change the {@link LiveBus} brings (from {@link LiveNews}, on this instance or another) to the open pages
 * that show it: a thread's new and changed messages and its consent banner to its SMS tabs, the inbox count and the
 * nudges to every page, an alert to its person.
 */
@Component
class LiveUpdates implements SmartLifecycle {

    static final long TIMEOUT_MILLIS = 30 * 60 * 1000L; // the browser reconnects by itself

    static final String INBOX = "inbox";
    /** A nudge to the unassigned numbers' list (unlike the count, not sent as a stream opens). */
    static final String INBOX_CHANGED = "inbox-changed";

    static final String ENDED = "session-ended";
    static final String CONVERSATIONS = "conversations";
    static final String ALERT = "alert";
    static final String VISITS = "visits-";
    /** A nudge to a job's page: one of its texts was stored or moved (queued, sent, delivered, failed). */
    static final String JOB_TEXTS = "job-texts";
    /** A word for one person, shown on their open pages (a colleague took their conversation). */
    static final String NOTICE = "notice";

    private final LiveStreams streams;
    /** How many of a thread's newest texts a stream gets as it opens. */
    private static final int CATCH_UP = 20;

    private final ExecutorService pushes = Executors.newSingleThreadExecutor(r -> {
        var t = new Thread(r, "live-updates");
        t.setDaemon(true);
        return t;
    });
    private final Messages messages;
    private final ThreadReads threadReads;
    private final TemplateEngine templates;
    private final LiveBus bus;

    private final UnassignedNumbers inbox;
    private final Customers customers;
    private final Times times;
    private final ConsentReviews consentReviews;
    private final PhoneNumbers phoneNumbers;
    private final BusinessNumbers businessNumbers;
    private final Presence presence;
    private final ScheduledWords scheduledWords;
    private final CallLog callLog;

    LiveUpdates(
            ThreadReads threadReads,
            Presence presence,
            ScheduledWords scheduledWords,
            CallLog callLog,
            Messages messages,
            Customers customers,
            TemplateEngine templates,
            LiveBus bus,
            UnassignedNumbers inbox,
            Times times,
            LiveStreams streams,
            ConsentReviews consentReviews,
            PhoneNumbers phoneNumbers,
            BusinessNumbers businessNumbers) {
        this.threadReads = threadReads;
        this.presence = presence;
        this.scheduledWords = scheduledWords;
        this.callLog = callLog;
        this.phoneNumbers = phoneNumbers;
        this.businessNumbers = businessNumbers;
        this.consentReviews = consentReviews;
        this.streams = streams;
        this.inbox = inbox;
        this.customers = customers;
        this.times = times;
        this.messages = messages;
        this.templates = templates;
        this.bus = bus;
        bus.onChange(this::changed);
    }

    /**
     * One stream per page (a browser opens only six connections to a server over HTTP/1.1): the inbox count for the
     * navigation badge, now and whenever it changes, and, on a customer's SMS tab, that thread's new and changed
     * messages. Empty when the server has as many streams open as it allows.
     */
    Optional<SseEmitter> watch(String user, Long customerId, Long jobId) {
        var emitter = streams.open(user, customerId, jobId, TIMEOUT_MILLIS);
        // The first count goes out on this request's thread: the response's headers are written here, never while
        // the push thread writes to the same response.
        emitter.ifPresent(e -> {
            sendNow(e, inbox.waiting());
            if (customerId != null) { // after the headers, in order with the pushes
                pushes.execute(() -> catchUp(e, user, customerId));
                presence.announce(customerId, user, Presence.State.HERE);
            }
        });
        return emitter;
    }

    /**
     * Something changed somewhere (this instance or another): render it once and push it to its watchers. A change to
     * a thread nobody here watches costs no database read.
     */
    private void changed(LiveChange change) {
        if (change instanceof LiveChange.Present p) {
            if (p.state() == Presence.State.LEFT) {
                streams.closeWatching(p.customerId(), p.username());
            }
            pushes.execute(() -> presence.heard(p));
        } else if (change instanceof LiveChange.Taken t) {
            if (streams.count(t.from()) > 0) {
                pushes.execute(() -> customers
                        .findById(t.customerId())
                        .ifPresent(c -> streams.toUser(
                                t.from(), SseEmitter.event().name(NOTICE).data(taken(t, c)))));
            }
        } else if (change instanceof LiveChange.InboxChanged) {
            pushes.execute(this::pushInboxCount);
        } else if (change instanceof LiveChange.ConversationsChanged) {
            // Only a nudge: each page asks for its own list and counts (they differ by person), at most once a second.
            pushes.execute(
                    () -> streams.toAll(SseEmitter.event().name(CONVERSATIONS).data("")));
        } else if (change instanceof LiveChange.MessageChanged m) {
            if (m.customerId() != null && streams.watched(m.customerId())) {
                pushes.execute(() -> messages.findById(m.messageId()).ifPresent(this::push));
            }
            if (m.customerId() != null && streams.anyJobWatched()) { // a job page's notification log moves on
                pushes.execute(() -> messages.findById(m.messageId())
                        .map(Message::jobId)
                        .filter(streams::watchedJob)
                        .ifPresent(jobId -> streams.toJob(
                                jobId, SseEmitter.event().name(JOB_TEXTS).data(""))));
            }
        } else if (change instanceof LiveChange.SessionsEnded u) {
            // Told first, so that the page goes to the login page at once rather than at its next reconnect.
            streams.endUser(u.username(), SseEmitter.event().name(ENDED).data(""));
        } else if (change instanceof LiveChange.Alerted a) {
            if (streams.count(a.username()) > 0) { // the person has Kontrol open here
                pushes.execute(() -> messages.findById(a.messageId())
                        .ifPresent(m -> streams.toUser(
                                a.username(), SseEmitter.event().name(ALERT).data(alert(m, a.sound())))));
            }
        } else if (change instanceof LiveChange.VisitsChanged j) {
            // A nudge, like the conversations': a job page showing this job's visits asks for them again.
            pushes.execute(() ->
                    streams.toAll(SseEmitter.event().name(VISITS + j.jobId()).data("")));
        } else if (change instanceof LiveChange.ConsentChanged c) {
            if (streams.watched(c.customerId())) {
                pushes.execute(() -> customers.findById(c.customerId()).ifPresent(this::pushConsent));
            }
        }
    }

    /** What the page's script gives the Notification API: a title, the text, where a click goes, and a tag per thread. */
    private String alert(Message m, boolean sound) {
        var customer = m.customerId() == null
                ? null
                : customers.findById(m.customerId()).orElse(null);
        var body = m.isCall()
                ? m.callSummary()
                : m.body() == null || m.body().isBlank()
                        ? (m.media() == null || m.media().isEmpty() ? "" : "(a photo)")
                        : m.body().strip();
        var alert = new LinkedHashMap<String, Object>();
        alert.put("id", m.id());
        alert.put(
                "title", (m.isCall() ? "Call from " : "Text from ") + (customer == null ? m.from() : customer.name()));
        alert.put("body", body.length() > 200 ? body.substring(0, 200) + "…" : body);
        alert.put(
                "url",
                customer == null ? "/communication/messages?view=unassigned" : "/customers/" + customer.id() + "/sms");
        // One notification per thread: a second text replaces the first rather than piling up.
        alert.put("tag", customer == null ? "kontrol-number-" + m.from() : "kontrol-customer-" + customer.id());
        alert.put("sound", sound);
        return JsonMapper.shared().writeValueAsString(alert);
    }

    /** What the page's script shows the person a conversation was taken from: what happened, and a link to it. */
    private static String taken(LiveChange.Taken t, Customer customer) {
        var notice = new LinkedHashMap<String, Object>();
        notice.put("text", t.by() + " took the conversation with " + customer.name() + " from you.");
        notice.put("url", "/communication/conversations/" + customer.id());
        return JsonMapper.shared().writeValueAsString(notice);
    }

    private void pushInboxCount() {
        if (!streams.isEmpty()) {
            streams.toAll(count(inbox.waiting()));
            streams.toAll(SseEmitter.event().name(INBOX_CHANGED).data(""));
        }
    }

    private static SseEmitter.SseEventBuilder count(long waiting) {
        return SseEmitter.event().name(INBOX).data(waiting == 0 ? "" : String.valueOf(waiting));
    }

    private static void sendNow(SseEmitter emitter, long waiting) {
        try {
            emitter.send(count(waiting));
        } catch (IOException | IllegalStateException e) {
            emitter.complete();
        }
    }

    /**
     * The thread's newest texts as they are now, to a stream just opened: a status that changed between the page's
     * rendering and its stream's start (a "delivered" a moment after "sent") is not missed.
     */
    private void catchUp(SseEmitter emitter, String user, long customerId) {
        try {
            for (var message : threadReads.conversation(customerId, Long.MAX_VALUE, CATCH_UP, OffsetDateTime.now())) {
                emitter.send(SseEmitter.event().name("message").data(render(message)));
            }
            emitter.send(presence.event(customerId, user));
        } catch (IOException | IllegalStateException e) {
            emitter.complete();
        }
    }

    private void push(Message message) {
        pushToThread(message.customerId(), render(message));
    }

    private String render(Message message) {
        var context = new Context();
        context.setVariable("m", message);
        context.setVariable("times", times);
        context.setVariable("numbers", phoneNumbers);
        context.setVariable("businessNumbers", businessNumbers);
        context.setVariable("words", scheduledWords);
        context.setVariable("callLog", callLog);
        return templates.process("live/message", context);
    }

    /** The opted-out banner of an open SMS tab, shown or hidden as the customer's consent now is. */
    private void pushConsent(Customer customer) {
        var context = new Context();
        context.setVariable("customer", customer);
        context.setVariable("times", times);
        context.setVariable("numbers", phoneNumbers);
        context.setVariable("consentReviews", consentReviews.open(customer.id()));
        pushToThread(customer.id(), templates.process("live/consent", context));
    }

    private void pushToThread(long customerId, String html) {
        streams.toCustomer(customerId, SseEmitter.event().name("message").data(html));
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
        streams.closeAll();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE; // stops first
    }

    /** A comment now and then, to every stream, keeps proxies from closing idle ones and closes the dead ones. */
    @Scheduled(fixedDelay = 25_000)
    void heartbeat() {
        pushes.execute(() -> streams.toAll(SseEmitter.event().comment("keep-alive")));
    }
}
