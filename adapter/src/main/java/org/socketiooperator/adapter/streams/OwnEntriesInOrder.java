package org.socketiooperator.adapter.streams;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.protocol.streams.StreamOffsets;

/**
 * Applies this node's own entries of one stream to its local sockets in stream order. An XADD returns before
 * the reader has necessarily delivered the entries other nodes added just before it; applying the own entry at
 * once would give a local client an offset past an entry it has not received yet, which recovery would then
 * never replay. So an own entry waits until the reader has passed every earlier id: the reader applies
 * whatever waits up to each entry it reads, under the same lock, before that entry.
 *
 * <p>Bounded: an own entry waits at most {@link #MAX_WAIT} and at most {@link #MAX_WAITING} wait at once; beyond
 * either the oldest is applied at once, as the official adapter always does, and counted (a reader that far
 * behind, e.g. reconnecting, must not hold this node's broadcasts from its own clients).
 */
final class OwnEntriesInOrder {

    private static final Logger LOG = LoggerFactory.getLogger(OwnEntriesInOrder.class);

    static final int MAX_WAITING = 10_000;
    static final Duration MAX_WAIT = Duration.ofSeconds(2);

    private record Waiting(Runnable apply, long sinceNanos) {}

    /** Told the id of an own entry applied before the reader read it (the stream's {@link ReadWindow}). */
    private final Consumer<String> appliedAhead;

    private final TreeMap<String, Waiting> waiting = new TreeMap<>(StreamOffsets.ORDER);
    private final LongAdder unordered = new LongAdder();
    /**
     * The id of the last entry the reader handled; every own entry up to it can be applied at once. Own entries
     * all come after the reader's start, so the reader reaches each of them.
     */
    private String passed = "0-0";

    OwnEntriesInOrder() {
        this(id -> {});
    }

    OwnEntriesInOrder(Consumer<String> appliedAhead) {
        this.appliedAhead = appliedAhead;
    }

    /** Called once the XADD of an own entry returned {@code id}. */
    synchronized void appended(String id, Runnable apply) {
        if (StreamOffsets.compare(id, passed) <= 0) {
            apply.run();
        } else {
            waiting.put(id, new Waiting(apply, System.nanoTime()));
            if (waiting.size() > MAX_WAITING) {
                applyOldestUnordered();
            }
        }
    }

    /** Applies the entries that waited longer than {@link #MAX_WAIT} by {@code nowNanos} (a timer calls it). */
    synchronized void expire(long nowNanos) {
        while (!waiting.isEmpty() && nowNanos - waiting.firstEntry().getValue().sinceNanos() > MAX_WAIT.toNanos()) {
            applyOldestUnordered();
        }
    }

    /** Own entries applied before the reader passed the entries before them. */
    long unordered() {
        return unordered.sum();
    }

    /** Own entries waiting now (tests). */
    synchronized int waiting() {
        return waiting.size();
    }

    private void applyOldestUnordered() {
        unordered.increment();
        Map.Entry<String, Waiting> oldest = waiting.pollFirstEntry();
        appliedAhead.accept(oldest.getKey());
        runQuietly(oldest.getValue().apply());
    }

    /** On the reader's thread for each entry, in order: the own entries up to it first, then the entry itself. */
    synchronized void read(String id, Runnable entry) {
        Map<String, Waiting> due = waiting.headMap(id, true);
        due.values().forEach(w -> runQuietly(w.apply()));
        due.clear();
        passed = id;
        entry.run();
    }

    private static void runQuietly(Runnable apply) {
        try {
            apply.run();
        } catch (RuntimeException e) {
            // one local delivery that fails must not cost the reader the entries after it
            LOG.warn("an own entry could not be applied locally: {}", e.toString());
        }
    }
}
