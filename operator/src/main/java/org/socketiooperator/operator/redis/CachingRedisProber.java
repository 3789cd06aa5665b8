package org.socketiooperator.operator.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers each target's outcome for a while, so many clusters sharing one Redis cost one check per
 * period, and a reconcile triggered by a dependent's change does not dial Redis again.
 */
public final class CachingRedisProber implements RedisProber {
    private final RedisProber delegate;
    private final Duration ttl;
    private final Clock clock;
    private final ConcurrentHashMap<RedisTarget, Entry> cache = new ConcurrentHashMap<>();

    public CachingRedisProber(RedisProber delegate, Duration ttl, Clock clock) {
        this.delegate = delegate;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public ProbeOutcome probe(RedisTarget target) {
        Instant now = clock.instant();
        Entry entry = cache.compute(
                target,
                (key, old) -> old != null && old.expires().isAfter(now)
                        ? old
                        : new Entry(delegate.probe(key), now.plus(ttl)));
        if (cache.size() > 10_000) {
            cache.entrySet().removeIf(e -> !e.getValue().expires().isAfter(now));
        }
        return entry.outcome();
    }

    private record Entry(ProbeOutcome outcome, Instant expires) {}
}
