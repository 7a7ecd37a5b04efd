package com.kontrol.messaging.inbound;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What waits for the {@link GroupCommit}'s writers, shared by all of them. The first writer takes whatever is queued as
 * soon as it is free, so with a database close by one group follows the other and each is as large as the moment
 * allows (more groups would each cost a commit, and on a busy machine the CPU they take). The others help only while
 * groups take longer than {@code overflowNanos} to store and commit (a database farther away, a slower disk), and then
 * take what has waited that long: a second group on its way at once beats waiting for the first one's round trips.
 *
 * <p>Texts of one {@link GroupCommit.Work#orderOf order} (a sender) keep it: while a writer holds a sender's group, the
 * other writers leave that sender's later texts queued, in their order, until the group has been stored and announced.
 */
final class GroupQueue {

    /**
     * Where the webhooks put their texts, without the writers' lock (a webhook's thread takes it only to wake a
     * writer that waits for work, never to sort a group); the writers move them to {@link #queue}, in the order they came.
     */
    private final LinkedBlockingQueue<CommitLane.Job> arrivals = new LinkedBlockingQueue<>();
    /** Texts that arrived and are not taken yet, in order; under the lock. */
    private final ArrayDeque<CommitLane.Job> queue = new ArrayDeque<>();
    /** For each order in flight: the writer that holds it, and how many of its texts it holds. */
    private final Map<Object, int[]> held = new HashMap<>();

    private final ReentrantLock lock = new ReentrantLock();
    /** The first writer waits for an arrival while it has nothing to take. */
    private final Condition added = lock.newCondition();

    private volatile boolean firstWaiting;
    /** The helping writers look again when a text has waited long enough, a group ends, or (waiting for news) one arrives. */
    private final Condition helpersMayLook = lock.newCondition();
    /**
     * Helpers waiting for news (an arrival, a group released) rather than for a time: with nothing queued, or only
     * senders held by other writers, there is no time to wait for, and polling would spin when help comes at once.
     */
    private volatile int helpersWaitingForNews;

    private final long overflowNanos;
    /** How long the first writer's groups take to store and commit, lately (a moving average). */
    private volatile long groupNanos;
    /** When the first writer took the group it works on; 0 while it waits. */
    private volatile long firstBusySince;

    GroupQueue(long overflowNanos) {
        this.overflowNanos = overflowNanos;
    }

    void add(CommitLane.Job job) {
        arrivals.add(job);
        if (firstWaiting || helpersWaitingForNews > 0) { // rarely under load: the writers are busy storing
            lock.lock();
            try {
                added.signal();
                // All of them, though one would do: each leaves its wait for news, so the arrivals that follow need not
                // take this lock again (with one woken, every arrival took it to wake the next: Kontrol 0.99-1.08
                // cores at 1,412-1,665 texts a second against 0.82-0.85 at 1,975-2,067, 1 ms away, three writers
                // joining at once).
                helpersMayLook.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return queue.isEmpty() && arrivals.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next group for {@code writer} (0 is the first), at most {@code max} texts in the order they came, waiting at
     * most {@code waitNanos} for one; empty when there is none for it by then. What it takes stays held until {@link
     * #release}d.
     */
    List<CommitLane.Job> take(int writer, int max, long waitNanos) throws InterruptedException {
        long deadline = System.nanoTime() + waitNanos;
        while (true) {
            lock.lock();
            try {
                arrivals.drainTo(queue);
                long now = System.nanoTime();
                long readyIn = readyIn(writer, now);
                if (readyIn <= 0) {
                    var group = takeFor(writer, max);
                    if (!group.isEmpty()) {
                        if (writer == 0) {
                            firstBusySince = now;
                        }
                        return group;
                    }
                    readyIn = Long.MAX_VALUE; // all queued belongs to senders on other writers: wait for news
                }
                long left = deadline - now;
                if (left <= 0) {
                    return List.of();
                }
                if (writer != 0) {
                    if (readyIn != Long.MAX_VALUE) { // a time to look again: when the oldest may be helped
                        helpersMayLook.awaitNanos(Math.min(left, readyIn));
                        continue;
                    }
                    helpersWaitingForNews++; // under the lock; an arrival from now on signals
                    try {
                        if (arrivals.isEmpty()) {
                            helpersMayLook.awaitNanos(left);
                        }
                    } finally {
                        helpersWaitingForNews--;
                    }
                    continue;
                }
                // Only under the lock do texts move from the arrivals to the queue: they keep their order.
                firstWaiting = true;
                try {
                    if (arrivals.isEmpty()) { // checked after saying so: an arrival from now on signals
                        added.awaitNanos(Math.min(left, readyIn));
                    }
                } finally {
                    firstWaiting = false;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** The first writer stored and committed a group in {@code nanos}. */
    void stored(long nanos) {
        groupNanos += (nanos - groupNanos) / 8;
        firstBusySince = 0;
    }

    /** The group's senders are free for every writer again, once it is stored and announced. */
    void release(List<CommitLane.Job> group) {
        lock.lock();
        try {
            for (var job : group) {
                var key = job.order();
                var holder = held.get(key);
                if (--holder[1] == 0) {
                    held.remove(key);
                }
            }
            added.signal();
            helpersMayLook.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * How long until {@code writer} may take a group: now for the first writer; for the others, while groups are slow
     * (lately, or the one the first writer is on), once the oldest has waited {@code overflowNanos} (else they look
     * again then).
     */
    private long readyIn(int writer, long now) {
        var oldest = queue.peekFirst();
        if (oldest == null) {
            return Long.MAX_VALUE;
        }
        if (writer == 0) {
            return 0;
        }
        long busySince = firstBusySince;
        boolean slow = groupNanos >= overflowNanos || (busySince != 0 && now - busySince >= overflowNanos);
        return slow ? overflowNanos - (now - oldest.queuedAt()) : overflowNanos;
    }

    private List<CommitLane.Job> takeFor(int writer, int max) {
        var group = new ArrayList<CommitLane.Job>(Math.min(max, queue.size()));
        var it = queue.iterator();
        while (it.hasNext() && group.size() < max) {
            var job = it.next();
            var key = job.order();
            var holder = held.get(key);
            if (holder != null && holder[0] != writer) {
                continue; // on another writer: this one and the sender's later texts wait for it
            }
            if (holder == null) {
                held.put(key, new int[] {writer, 1});
            } else {
                holder[1]++;
            }
            group.add(job);
            it.remove();
        }
        return group;
    }
}
