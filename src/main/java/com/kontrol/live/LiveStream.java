package com.kontrol.live;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One page's event stream: its events written in order by at most one writer at a time (from {@code writers}, never
 * waited for), and its end after them; {@code gone} is told when the browser went away or no writer was free. Whose it
 * is and what it watches is {@link LiveStreams}'s business.
 */
final class LiveStream {

    /** Queued after a stream's last event: the writer ends the stream when it comes to it. */
    static final Set<DataWithMediaType> END = Set.of();

    final SseEmitter emitter;
    final String user;
    final Long customerId;
    final Long jobId;
    final long openedAt = System.nanoTime();

    private final ArrayDeque<Set<DataWithMediaType>> backlog = new ArrayDeque<>();
    private boolean writing;
    private boolean closing;
    private final int backlogCap;
    private final Executor writers;
    private final Consumer<LiveStream> gone;

    LiveStream(
            SseEmitter emitter,
            String user,
            Long customerId,
            Long jobId,
            int backlogCap,
            Executor writers,
            Consumer<LiveStream> gone) {
        this.emitter = emitter;
        this.backlogCap = backlogCap;
        this.writers = writers;
        this.gone = gone;
        this.user = user;
        this.customerId = customerId;
        this.jobId = jobId;
    }

    /** False when the stream is already its backlog cap events behind. */
    boolean offer(Set<DataWithMediaType> data) {
        synchronized (this) {
            if (closing) {
                return true;
            }
            if (backlog.size() >= backlogCap) {
                return false;
            }
            backlog.add(data);
            if (writing) {
                return true;
            }
            writing = true;
        }
        startWriting();
        return true;
    }

    /** Ends the stream after what is queued and {@code last} have been written. */
    void finish(Set<DataWithMediaType> last) {
        synchronized (this) {
            if (closing) {
                return;
            }
            backlog.add(last);
            backlog.add(END);
            if (writing) {
                return;
            }
            writing = true;
        }
        startWriting();
    }

    /** Ends the stream once the write in progress, if any, is over; what is still queued is dropped. */
    void close() {
        synchronized (this) {
            closing = true;
            backlog.clear();
            if (writing) {
                return;
            }
            writing = true;
        }
        startWriting();
    }

    /** Called outside this stream's lock: the order is always {@link LiveStreams}'s lock, then a stream's. */
    private void startWriting() {
        try {
            writers.execute(this::write);
        } catch (RejectedExecutionException e) {
            // As many writes as there are writers are stuck on slow clients: end this stream instead (nothing is
            // being written to it, so completing it here cannot block).
            synchronized (this) {
                closing = true;
                backlog.clear();
            }
            gone.accept(this);
            finish();
        }
    }

    private void write() {
        while (true) {
            Set<DataWithMediaType> next;
            synchronized (this) {
                if (closing) {
                    break; // writing stays true: nothing is written after the end
                }
                next = backlog.poll();
                if (next == null) {
                    writing = false;
                    return;
                }
                if (next == END) {
                    closing = true;
                    break;
                }
            }
            try {
                emitter.send(next);
            } catch (IOException | IllegalStateException e) {
                // The browser went away: its socket is closed now, not at the next timeout.
                gone.accept(this);
                synchronized (this) {
                    closing = true;
                    backlog.clear();
                }
                break;
            }
        }
        finish();
    }

    /**
     * Ends the response; a browser that went away meanwhile has ended it already (Tomcat then refuses, from a thread of
     * ours, what its own error handling did: nothing is left to end).
     */
    private void finish() {
        try {
            emitter.complete();
        } catch (IllegalStateException alreadyEnded) {
            // the async request ended with an error (the socket closed): nothing to complete
        }
    }
}
