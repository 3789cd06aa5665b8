package org.socketiooperator.adapter.redis;

import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.redis.RedisClients;

/**
 * Moves the classic link to another master when its node stays unreachable. In a Redis Cluster the bus
 * forwards every PUBLISH to every node, so any master will do. Event-driven: {@link #linkDown()} (Lettuce
 * saw a connection of the link drop) arms a timer of {@link #FAILOVER_AFTER}, {@link #linkUp()} (both
 * connections back) disarms it; when it fires, the other masters of the current topology are tried one
 * after the other, asynchronously, and the first that answers replaces the link. When none answers the
 * timer is armed again for {@link #RETRY_AFTER}.
 */
final class ClusterFailover implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterFailover.class);
    /** Long enough for a restart or a blip to heal in place, short enough that a dead node costs seconds. */
    static final Duration FAILOVER_AFTER = Duration.ofSeconds(3);

    static final Duration RETRY_AFTER = Duration.ofMillis(500);

    private final ClusterNodes nodes;
    private final RedisClients clients;
    private final Supplier<NodeLink> current;
    private final Consumer<NodeLink> switchTo;
    private final EventExecutorGroup timer;
    private ScheduledFuture<?> armed;
    private boolean closed;

    /** {@code switchTo} gets a new, open link; it runs on Lettuce's event executors, never on an I/O thread. */
    ClusterFailover(ClusterNodes nodes, RedisClients clients, Supplier<NodeLink> current, Consumer<NodeLink> switchTo) {
        this.nodes = nodes;
        this.clients = clients;
        this.current = current;
        this.switchTo = switchTo;
        this.timer = clients.resources().eventExecutorGroup();
    }

    /** A connection of the current link dropped: fail over unless it is back within {@link #FAILOVER_AFTER}. */
    synchronized void linkDown() {
        arm(FAILOVER_AFTER);
    }

    /** Both connections of the current link are up again. */
    synchronized void linkUp() {
        if (armed != null) {
            armed.cancel(false);
            armed = null;
        }
    }

    private void arm(Duration delay) {
        if (armed != null || closed) {
            return;
        }
        try {
            armed = timer.schedule(this::failOver, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the process is shutting down
        }
    }

    private void failOver() {
        NodeLink from = current.get();
        synchronized (this) {
            armed = null;
            if (closed || from.isOpen()) {
                return; // healed in place
            }
        }
        List<String> others = nodes.masters().stream()
                .filter(address -> !address.equals(from.address()))
                .toList();
        tryNext(from, others.iterator());
    }

    private void tryNext(NodeLink from, Iterator<String> candidates) {
        if (!candidates.hasNext()) {
            LOG.debug("no other cluster master reachable yet, staying on {}", from.address());
            synchronized (this) {
                arm(RETRY_AFTER);
            }
            return;
        }
        String address = candidates.next();
        NodeLink.openAsync(clients, clients.nodeUri(address))
                .whenCompleteAsync(
                        (candidate, error) -> {
                            if (error != null) {
                                LOG.debug("failover candidate {} unreachable: {}", address, error.toString());
                                tryNext(from, candidates);
                                return;
                            }
                            boolean stillNeeded;
                            synchronized (this) {
                                stillNeeded = !closed && current.get() == from && !from.isOpen();
                            }
                            if (!stillNeeded) {
                                candidate.closeAsync();
                                return;
                            }
                            switchTo.accept(candidate);
                            LOG.warn(
                                    "Redis node {} unreachable for {} ms: publishing and subscribing through {} now",
                                    from.address(),
                                    FAILOVER_AFTER.toMillis(),
                                    address);
                        },
                        timer);
    }

    @Override
    public synchronized void close() {
        closed = true;
        linkUp();
    }
}
