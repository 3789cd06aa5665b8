package org.socketiooperator.adapter.redis;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs at most one warning per interval and says how many were suppressed, so that a flood of
 * hostile messages cannot flood the log as well.
 */
public final class RateLimitedLog {

    private final Logger logger;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger logger, java.time.Duration interval) {
        this.logger = logger;
        this.intervalNanos = interval.toNanos();
    }

    public void warn(String format, Object... args) {
        long now = System.nanoTime();
        long allowed = nextAllowed.get();
        if ((allowed == Long.MIN_VALUE || now - allowed >= 0)
                && nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            long dropped = suppressed.getAndSet(0);
            if (dropped > 0) {
                logger.warn("{} similar warnings suppressed", dropped);
            }
            logger.warn(format, args);
        } else {
            suppressed.incrementAndGet();
        }
    }
}
