package org.socketiooperator.server.engine.http;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;

/**
 * Flushes WebSocket connections once per event-loop iteration, after its reads and tasks, instead of once per
 * write: the frames of several broadcasts read from Redis in one go leave for each client in one system call.
 * Netty's FlushConsolidationHandler does the same for a flush outside a read by submitting one task per flush,
 * which at one delivery per broadcast cost more than the flush itself; here a loop queues one task per iteration.
 */
final class IterationFlusher {

    private static final FastThreadLocal<IterationFlusher> PER_LOOP = new FastThreadLocal<>() {
        @Override
        protected IterationFlusher initialValue() {
            return new IterationFlusher();
        }
    };

    /** Connections written to in this iteration and not flushed yet, each once. */
    private final List<Pending> pending = new ArrayList<>();

    private final Runnable flushAll = this::flushAll;

    /** One connection's membership in its loop's flusher; touched only on that loop. */
    static final class Pending {
        private final Channel channel;
        private boolean queued;

        Pending(Channel channel) {
            this.channel = channel;
        }
    }

    private IterationFlusher() {}

    /**
     * Flushes {@code connection} at the end of this loop iteration; at once when called off its loop, or on a
     * loop without iteration hooks (a test's embedded channel).
     */
    static void flushLater(Pending connection) {
        EventLoop loop = connection.channel.eventLoop();
        if (!(loop instanceof SingleThreadEventLoop iterating) || !loop.inEventLoop()) {
            connection.channel.flush();
            return;
        }
        if (connection.queued) {
            return;
        }
        IterationFlusher flusher = PER_LOOP.get();
        if (flusher.pending.isEmpty()) {
            iterating.executeAfterEventLoopIteration(flusher.flushAll);
        }
        connection.queued = true;
        flusher.pending.add(connection);
    }

    private void flushAll() {
        // by index: a flush can make a connection writable again, and its session may then queue more frames
        for (int i = 0; i < pending.size(); i++) {
            Pending connection = pending.get(i);
            connection.queued = false;
            connection.channel.flush();
        }
        pending.clear();
    }
}
