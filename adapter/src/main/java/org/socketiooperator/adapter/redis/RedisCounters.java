package org.socketiooperator.adapter.redis;

import java.util.concurrent.atomic.LongAdder;
import org.socketiooperator.adapter.AdapterMetrics;

/** The adapter's monotonic counters, cheap to bump from any thread. */
public final class RedisCounters {

    private final LongAdder published = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder requestTimeouts = new LongAdder();
    private final LongAdder publishFailures = new LongAdder();

    public void published() {
        published.increment();
    }

    public void received() {
        received.increment();
    }

    public void malformed() {
        malformed.increment();
    }

    public void requestTimedOut() {
        requestTimeouts.increment();
    }

    public void publishFailed() {
        publishFailures.increment();
    }

    public AdapterMetrics snapshot() {
        return new AdapterMetrics(
                published.sum(), received.sum(), malformed.sum(), requestTimeouts.sum(), publishFailures.sum());
    }
}
