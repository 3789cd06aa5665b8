package org.socketiooperator.adapter.streams;

import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.protocol.streams.StreamOffsets;

/**
 * Applies this node's own entries of one stream to its local sockets in stream order. An XADD returns before
 * the reader has necessarily delivered the entries other nodes added just before it; applying the own entry at
 * once would give a local client an offset past an entry it has not received yet, which recovery would then
 * never replay. So an own entry waits until the reader has passed every earlier id: the reader applies
 * whatever waits up to each entry it reads, under the same lock, before that entry.
 */
final class OwnEntriesInOrder {

    private static final Logger LOG = LoggerFactory.getLogger(OwnEntriesInOrder.class);

    private final TreeMap<String, Runnable> waiting = new TreeMap<>(StreamOffsets.ORDER);
    /**
     * The id of the last entry the reader handled; every own entry up to it can be applied at once. Own entries
     * all come after the reader's start, so the reader reaches each of them.
     */
    private String passed = "0-0";

    /** Called once the XADD of an own entry returned {@code id}. */
    synchronized void appended(String id, Runnable apply) {
        if (StreamOffsets.compare(id, passed) <= 0) {
            apply.run();
        } else {
            waiting.put(id, apply);
        }
    }

    /** On the reader's thread for each entry, in order: the own entries up to it first, then the entry itself. */
    synchronized void read(String id, Runnable entry) {
        Map<String, Runnable> due = waiting.headMap(id, true);
        due.values().forEach(OwnEntriesInOrder::runQuietly);
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
