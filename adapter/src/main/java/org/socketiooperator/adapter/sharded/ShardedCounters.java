package org.socketiooperator.adapter.sharded;

import java.util.concurrent.atomic.AtomicLong;
import org.socketiooperator.adapter.AdapterMetrics;

/** The adapter's running totals, shared by its namespaces. */
final class ShardedCounters {

    final AtomicLong published = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong timeouts = new AtomicLong();
    final AtomicLong publishFailures = new AtomicLong();

    AdapterMetrics snapshot() {
        return new AdapterMetrics(published.get(), received.get(), malformed.get(), timeouts.get(),
                publishFailures.get());
    }
}
