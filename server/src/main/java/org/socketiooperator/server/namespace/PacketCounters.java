package org.socketiooperator.server.namespace;

import java.util.concurrent.atomic.LongAdder;

/** Socket.IO packets in and out of this node, for metrics. */
public final class PacketCounters {

    private final LongAdder packetsIn = new LongAdder();
    private final LongAdder packetsOut = new LongAdder();

    void in() {
        packetsIn.increment();
    }

    void out(long n) {
        packetsOut.add(n);
    }

    public long packetsIn() {
        return packetsIn.sum();
    }

    public long packetsOut() {
        return packetsOut.sum();
    }
}
