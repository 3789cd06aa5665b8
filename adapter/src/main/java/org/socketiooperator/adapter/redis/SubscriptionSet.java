package org.socketiooperator.adapter.redis;

import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.netty.util.concurrent.EventExecutorGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels and patterns this process wants, kept in place on the current subscriber connection.
 * Everything wanted is issued again each time that connection comes up ({@link #restore()}, called on
 * Lettuce's connect event), on top of Lettuce's own resubscription: Lettuce only remembers what Redis
 * confirmed, so a SUBSCRIBE rejected while Redis was away would otherwise be forgotten. A command that
 * fails while the connection is up is retried after {@link #RETRY_AFTER}; SUBSCRIBE of a channel already
 * subscribed is a no-op in Redis, so re-issuing is always safe.
 */
final class SubscriptionSet {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionSet.class);
    static final Duration RETRY_AFTER = Duration.ofMillis(200);

    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final Set<String> patterns = ConcurrentHashMap.newKeySet();
    // Orders (un)subscribe commands on the wire, so a restore never re-adds a channel just dropped.
    private final Object lock = new Object();
    private final Supplier<StatefulRedisPubSubConnection<String, byte[]>> subscriber;
    private final EventExecutorGroup timer;
    /** Bumped whenever the subscriptions may have been lost; a restore covers the generation it started at. */
    private final AtomicLong lostGeneration = new AtomicLong();

    private final AtomicLong restoredGeneration = new AtomicLong();
    private final AtomicBoolean retryArmed = new AtomicBoolean();

    /** @param subscriber the current subscriber connection (it changes when a cluster link fails over) */
    SubscriptionSet(Supplier<StatefulRedisPubSubConnection<String, byte[]>> subscriber, EventExecutorGroup timer) {
        this.subscriber = subscriber;
        this.timer = timer;
    }

    void subscribe(String... names) {
        synchronized (lock) {
            channels.addAll(List.of(names));
            subscriber.get().async().subscribe(names).exceptionally(this::retryLater);
        }
    }

    void unsubscribe(String... names) {
        synchronized (lock) {
            channels.removeAll(List.of(names));
            subscriber.get().async().unsubscribe(names).exceptionally(e -> null);
        }
    }

    void psubscribe(String pattern) {
        synchronized (lock) {
            patterns.add(pattern);
            subscriber.get().async().psubscribe(pattern).exceptionally(this::retryLater);
        }
    }

    void punsubscribe(String pattern) {
        synchronized (lock) {
            patterns.remove(pattern);
            subscriber.get().async().punsubscribe(pattern).exceptionally(e -> null);
        }
    }

    /** The subscriber connection went down: nothing is in place until the next restore. */
    void lost() {
        lostGeneration.incrementAndGet();
    }

    /** Whether every wanted subscription has been confirmed since the last loss. */
    boolean inPlace() {
        return restoredGeneration.get() >= lostGeneration.get();
    }

    /** Issues every wanted subscription on the current subscriber connection; never blocks. */
    void restore() {
        synchronized (lock) {
            restoreLocked();
        }
    }

    /** Runs {@code change} (the subscriber connection is replaced) and restores on the new one, atomically. */
    void moveTo(Runnable change) {
        synchronized (lock) {
            lostGeneration.incrementAndGet();
            change.run();
            restoreLocked();
        }
    }

    private void restoreLocked() {
        long generation = lostGeneration.get();
        StatefulRedisPubSubConnection<String, byte[]> connection = subscriber.get();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        if (!channels.isEmpty()) {
            pending.add(connection
                    .async()
                    .subscribe(channels.toArray(String[]::new))
                    .toCompletableFuture());
        }
        for (String pattern : patterns) {
            pending.add(connection.async().psubscribe(pattern).toCompletableFuture());
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
            if (error != null) {
                retryLater(error);
            } else {
                restoredGeneration.accumulateAndGet(generation, Math::max);
                LOG.debug("Redis subscriptions restored: {} channels, {} patterns", channels.size(), patterns.size());
            }
        });
    }

    /**
     * A (re)subscription failed. While the connection is down the next connect event restores everything;
     * while it is up (a timeout, a failover in progress) a restore is scheduled.
     */
    private Void retryLater(Throwable error) {
        lostGeneration.incrementAndGet();
        if (retryArmed.compareAndSet(false, true)) {
            try {
                timer.schedule(
                        () -> {
                            retryArmed.set(false);
                            if (subscriber.get().isOpen()) {
                                restore();
                            }
                        },
                        RETRY_AFTER.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                retryArmed.set(false); // shutting down
            }
        }
        LOG.debug("Redis (re)subscription failed, restoring later: {}", error.toString());
        return null;
    }
}
