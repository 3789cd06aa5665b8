package org.socketiooperator.adapter.streams;

import io.lettuce.core.StreamMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.socketiooperator.adapter.config.StreamsOptions;
import org.socketiooperator.adapter.recovery.Offsets;
import org.socketiooperator.protocol.sharded.ClusterMessage;
import org.socketiooperator.protocol.streams.StreamOffsets;

/**
 * The last entries this node's reader read from one stream, already decoded, so that a restore or a catch-up
 * whose offset lies among them is answered from memory instead of reading and decoding the stream again with
 * XRANGE (a drained pod's clients all restore at once, each after thousands of entries).
 *
 * <p>Contiguous by construction: the reader hands over every entry after the previous one, in order, so the
 * window holds every entry of the stream from its oldest to its newest. A failed read breaks that (the reader
 * resumes from its last id, and Redis may have trimmed entries meanwhile): {@link #reset} empties it. Bounded by
 * a count, by the entries' encoded size and by age ({@code maxDisconnectionDuration}: no session is older); the
 * oldest entries go first. An offset outside the window gives empty and the caller reads Redis as before.
 */
final class ReadWindow {

    /**
     * The bytes all windows of a node may hold, as the entries are encoded in Redis (decoded in the heap they take
     * a few times that); shared evenly by the streams the node reads.
     */
    static final long MAX_BYTES = 32L * 1024 * 1024;

    /** One entry; {@code message} null when it cannot concern a restore, to keep only its id. */
    private record Kept(String id, ClusterMessage message, long bytes, long readAt) {}

    private final int maxEntries;
    private final long maxBytes;
    private final long maxAgeMillis;
    private final LongSupplier clock;
    private final ArrayDeque<Kept> entries = new ArrayDeque<>();
    private long bytes;
    /** The newest own entry this node wrote to its sockets before the reader read it; null: none. */
    private String appliedAhead;

    private long evicted;
    private long resets;

    ReadWindow(int maxEntries, long maxBytes, Duration maxAge, LongSupplier clock) {
        if (maxEntries < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("maxEntries and maxBytes must be positive");
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.maxAgeMillis = maxAge.toMillis();
        this.clock = clock;
    }

    /**
     * The window of one of the streams the node reads: as many entries as the stream keeps ({@code maxLen}, and
     * no more than one restore may replay), {@link #MAX_BYTES} shared by the streams, none older than a session.
     */
    static ReadWindow forStream(StreamsOptions options, Duration maxDisconnectionDuration) {
        int streams = StreamsAdapter.streamNames(options).size();
        int entries = (int) Math.min(options.maxLen(), (long) SessionStore.PAGE * SessionStore.MAX_PAGES);
        return new ReadWindow(entries, MAX_BYTES / streams, maxDisconnectionDuration, System::currentTimeMillis);
    }

    /** The size of an entry as Redis holds it: its id, field names and values (characters, near enough bytes). */
    static long encodedSize(StreamMessage<String, String> entry) {
        long size = entry.getId().length();
        for (var field : entry.getBody().entrySet()) {
            size += field.getKey().length()
                    + (field.getValue() == null ? 0 : field.getValue().length());
        }
        return size;
    }

    /**
     * On the reader's thread, for every entry in the order read (a malformed one with a null message); {@code
     * bytes} is its {@link #encodedSize}. Only what a restore can replay is kept decoded.
     */
    synchronized void read(String id, ClusterMessage message, long bytes) {
        if (!replayable(message)) {
            message = null;
            bytes = id.length();
        }
        long now = clock.getAsLong();
        prune(now);
        Kept last = entries.peekLast();
        if (last != null && StreamOffsets.compare(id, last.id()) <= 0) {
            // never happens with one reader reading forward; if it did, the window would no longer be in order
            clear();
        }
        entries.addLast(new Kept(id, message, bytes, now));
        this.bytes += bytes;
        while (entries.size() > maxEntries || (this.bytes > maxBytes && entries.size() > 1)) {
            this.bytes -= entries.removeFirst().bytes();
            evicted++;
        }
    }

    /**
     * An own entry reached this node's sockets before the reader read it ({@link OwnEntriesInOrder}'s bound): a
     * socket restored from the window before the reader reaches it would get neither it (not read yet) nor its
     * live copy (delivered before the socket joined), while the XRANGE path finds it in Redis. So the window
     * answers nothing until the reader has read it.
     */
    synchronized void appliedAhead(String id) {
        if (appliedAhead == null || StreamOffsets.compare(id, appliedAhead) > 0) {
            appliedAhead = id;
        }
    }

    /** The reader missed or may have missed entries: what it read before no longer joins what it reads next. */
    synchronized void reset() {
        clear();
        resets++;
    }

    /**
     * The packets a socket of {@code nsp} in {@code rooms} gets from the entries after {@code offset}, exactly as
     * {@link SessionStore#replayable} picks them from XRANGE; empty when {@code offset} is not between the
     * window's oldest and newest entries (older: the window does not reach back that far; newer: the reader has
     * not read it yet), or while an own entry {@link #appliedAhead} is still unread. The packets are in stream
     * order.
     */
    synchronized Optional<List<List<Object>>> packetsAfter(String offset, String nsp, List<String> rooms) {
        prune(clock.getAsLong());
        if (entries.isEmpty()
                || StreamOffsets.compare(offset, entries.peekFirst().id()) < 0
                || StreamOffsets.compare(offset, entries.peekLast().id()) > 0
                || (appliedAhead != null
                        && StreamOffsets.compare(entries.peekLast().id(), appliedAhead) < 0)) {
            return Optional.empty();
        }
        List<List<Object>> packets = new ArrayList<>();
        // newest first, stopping at the offset: the cost is the entries after it, not the whole window
        Iterator<Kept> newestFirst = entries.descendingIterator();
        while (newestFirst.hasNext()) {
            Kept kept = newestFirst.next();
            if (StreamOffsets.compare(kept.id(), offset) <= 0) {
                break;
            }
            List<Object> packet = SessionStore.replayable(kept.message(), kept.id(), nsp, rooms);
            if (packet != null) {
                packets.add(packet);
            }
        }
        Collections.reverse(packets);
        return Optional.of(packets);
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    /** Entries pushed out by the count or byte bound (not by age). */
    synchronized long evicted() {
        return evicted;
    }

    synchronized long resets() {
        return resets;
    }

    /** What {@link SessionStore#replayable} could pick for some socket: a broadcast that gave its packet an offset. */
    private static boolean replayable(ClusterMessage message) {
        return message instanceof ClusterMessage.Broadcast broadcast
                && broadcast.requestId() == null
                && Offsets.kept(broadcast.opts());
    }

    private void prune(long now) {
        long threshold = now - maxAgeMillis;
        while (!entries.isEmpty() && entries.peekFirst().readAt() < threshold) {
            bytes -= entries.removeFirst().bytes();
        }
    }

    private void clear() {
        entries.clear();
        bytes = 0;
    }
}
