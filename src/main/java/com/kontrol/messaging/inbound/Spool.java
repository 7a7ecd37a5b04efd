package com.kontrol.messaging.inbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of what arrived while the database could not take it, each entry forced to disk before the
 * caller answers: one line per entry, its CRC-32C then its text. A crash mid-append leaves a torn last line, which was
 * never acknowledged and is skipped when read. Emptied (truncated) once everything in it has been stored.
 *
 * <p>Entries appended together share a force: while one caller waits for the disk, the others write theirs, and the
 * next force covers them all (a disk that takes 2 ms to flush would otherwise hold an outage's intake to 500 texts a
 * second, one webhook after the other).
 */
final class Spool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Spool.class);

    /** One entry and the file offset just after it: where reading the next one starts. */
    record Entry(String text, long end) {}

    private final Path file;
    private final long maxBytes;
    private final FileChannel channel;
    /** Written under the lock; read without it by {@link #isEmpty}, which every webhook asks. */
    private volatile long size;

    private int depth;
    /** Counts truncations: a force of an earlier generation says nothing of the file's bytes now. Under the lock. */
    private long generation;

    /** One force at a time; what the last one covered, and how many there were. */
    private final Object forcing = new Object();

    private long forcedUpTo;
    private long forcedGeneration = -1;
    private long forces;
    /**
     * Set when a force failed: the kernel may have dropped the pages it could not write and report the next force of
     * the same file as a success, so no later entry can be known to be on disk. Every append is refused from then on
     * (the webhooks answer 503, the provider retries) until a restart reads the file again.
     */
    private volatile IOException forceFailed;

    Spool(Path file, long maxBytes) {
        this.file = file;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            size = channel.size();
            long at = 0;
            List<Entry> read;
            while (!(read = readFrom(at, 10_000)).isEmpty()) {
                depth += read.size();
                at = read.get(read.size() - 1).end();
            }
            if (at < size) { // a torn last line: never acknowledged, and in the way of what comes next
                channel.truncate(at);
                channel.force(true);
                size = at;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the spool " + file.toAbsolutePath(), e);
        }
    }

    Path file() {
        return file;
    }

    /** What became of an entry offered to the spool. */
    enum Append {
        /** Written and forced to disk. */
        KEPT,
        /** Not written: the spool would outgrow its budget. */
        FULL,
        /** Not written: the spool holds nothing (see {@link #appendIfHolding}). */
        EMPTY
    }

    /** Appends {@code text} (one line: no line breaks in it) and forces it to disk, within the budget. */
    Append append(String text) throws IOException {
        return append(text, false);
    }

    /**
     * {@link #append} only while the spool holds something, checked and appended at once: nothing joins a spool that
     * was just emptied (it would start a new outage's worth of waiting for no outage).
     */
    Append appendIfHolding(String text) throws IOException {
        return append(text, true);
    }

    private Append append(String text, boolean onlyIfHolding) throws IOException {
        if (text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("A spool entry is one line");
        }
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        var crc = new CRC32C();
        crc.update(bytes);
        var line = ByteBuffer.allocate(9 + bytes.length + 1);
        line.put(HexFormat.of().toHexDigits((int) crc.getValue()).getBytes(StandardCharsets.US_ASCII));
        line.put((byte) ' ').put(bytes).put((byte) '\n').flip();
        long end;
        long writtenIn;
        synchronized (this) {
            refuseAfterAFailedForce();
            if (onlyIfHolding && size == 0) {
                return Append.EMPTY;
            }
            if (size + line.remaining() > maxBytes) {
                return Append.FULL;
            }
            long at = size;
            while (line.hasRemaining()) {
                at += channel.write(line, at);
            }
            size = at;
            depth++;
            end = at;
            writtenIn = generation;
        }
        forceUpTo(end, writtenIn);
        return Append.KEPT;
    }

    /**
     * Returns once the bytes up to {@code end}, written in {@code writtenIn}, are on disk: at once when a force that
     * began after they were written has covered them, else after a force of everything written so far. (Truncated
     * meanwhile, they had been read and stored: the spool empties only then.)
     */
    private void forceUpTo(long end, long writtenIn) throws IOException {
        synchronized (forcing) {
            refuseAfterAFailedForce();
            if (forcedGeneration == writtenIn && forcedUpTo >= end) {
                return;
            }
            long upTo;
            long generationNow;
            synchronized (this) {
                upTo = size;
                generationNow = generation;
            }
            try {
                channel.force(false);
            } catch (IOException e) {
                forceFailed = e;
                throw e;
            }
            forcedUpTo = upTo;
            forcedGeneration = generationNow;
            forces++;
        }
    }

    private void refuseAfterAFailedForce() throws IOException {
        var failed = forceFailed;
        if (failed != null) {
            throw new IOException(
                    "The spool could not be forced to disk earlier; it takes nothing until a restart", failed);
        }
    }

    /** How many forces the appends have made so far (fewer than the entries, when they came together). */
    long forces() {
        synchronized (forcing) {
            return forces;
        }
    }

    /** Without the lock: every webhook asks, and an answer a moment old is fine (see {@link #appendIfHolding}). */
    boolean isEmpty() {
        return size == 0;
    }

    /** How many entries it holds. */
    synchronized int depth() {
        return depth;
    }

    synchronized long bytes() {
        return size;
    }

    /** Up to {@code max} whole entries from {@code offset} on, in the order they were appended. */
    List<Entry> readFrom(long offset, int max) throws IOException {
        long end;
        synchronized (this) {
            end = size;
        }
        var out = new ArrayList<Entry>();
        var buffer = ByteBuffer.allocate(64 * 1024);
        var pending = new ByteArrayOutputStream();
        long at = offset;
        while (at < end && out.size() < max) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), end - at));
            int n = channel.read(buffer, at);
            if (n <= 0) {
                break;
            }
            at += n;
            buffer.flip();
            while (buffer.hasRemaining() && out.size() < max) {
                byte b = buffer.get();
                if (b != '\n') {
                    pending.write(b);
                    continue;
                }
                long lineEnd = at - buffer.remaining();
                var text = checked(pending.toByteArray());
                pending.reset();
                // Damaged on disk, or written but not yet forced when the machine went down (several appends can be
                // between their write and their force; none of them was acknowledged): the ones after it are whole.
                if (text == null) {
                    log.error("Skipped a damaged entry of the spool {} ending at byte {}", file, lineEnd);
                    continue;
                }
                out.add(new Entry(text, lineEnd));
            }
            if (out.size() >= max) {
                break;
            }
        }
        return out;
    }

    /** The entry's text when its checksum matches, else null. */
    private static String checked(byte[] line) {
        if (line.length < 9 || line[8] != ' ') {
            return null;
        }
        var crc = new CRC32C();
        crc.update(line, 9, line.length - 9);
        int expected;
        try {
            expected = HexFormat.fromHexDigits(new String(line, 0, 8, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if ((int) crc.getValue() != expected) {
            return null;
        }
        return new String(line, 9, line.length - 9, StandardCharsets.UTF_8);
    }

    /**
     * Empties the spool if nothing was appended after {@code offset} (everything read has been stored); false, and the
     * spool as it was, when more arrived meanwhile.
     */
    synchronized boolean emptyIfAt(long offset) throws IOException {
        if (offset != size) {
            return false;
        }
        channel.truncate(0);
        channel.force(true);
        size = 0;
        depth = 0;
        generation++;
        return true;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
