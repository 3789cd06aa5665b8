package org.socketiooperator.adapter.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.redis.MasterConnections;
import org.socketiooperator.redis.RedisClients;

/**
 * {@link RedisPubSub} on Lettuce, for a standalone server or a Redis Cluster, with the clients and policy of
 * {@link RedisClients}: commands are rejected at once while a connection is down and time out after
 * {@code commandTimeout} otherwise, so nothing waits on Redis for longer than that. A watchdog re-issues every wanted
 * (P)SUBSCRIBE after each reconnect, on top of Lettuce's own resubscription, because a subscribe
 * rejected while Redis was away would otherwise be forgotten. In a cluster the watchdog also moves the
 * node link to another master when its node stays unreachable (see {@link #FAILOVER_AFTER}).
 */
public final class LettucePubSub implements RedisPubSub {

    private static final Logger LOG = LoggerFactory.getLogger(LettucePubSub.class);
    private static final Duration WATCHDOG_PERIOD = Duration.ofMillis(200);
    /** Long enough for a restart or a blip to heal in place, short enough that a dead node costs seconds. */
    static final Duration FAILOVER_AFTER = Duration.ofSeconds(3);
    private static final RateLimitedLog PUBLISH_FAILURES = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    private final RedisClients clients;
    private final RedisClusterClient clusterClient;
    private final ClusterNodes clusterNodes;
    private volatile NodeLink link;
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final Set<String> patterns = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean resubscribeNeeded = new AtomicBoolean();
    // Orders (un)subscribe commands on the wire, so a restore never re-adds a channel just dropped.
    private final Object subscriptionLock = new Object();
    private final ScheduledExecutorService watchdog;
    private final RedisCounters counters;
    private final PubSubListener listener;
    private final RedisConnectionStateListener reconnects = new RedisConnectionStateListener() {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            resubscribeNeeded.set(true);
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            resubscribeNeeded.set(true);
        }
    };
    private long downSinceNanos;

    private LettucePubSub(RedisClients clients, RedisClusterClient clusterClient, ClusterNodes clusterNodes,
                          NodeLink link, PubSubListener listener, RedisCounters counters) {
        this.clients = clients;
        this.clusterClient = clusterClient;
        this.clusterNodes = clusterNodes;
        this.link = link;
        this.listener = listener;
        this.counters = counters;
        listen(link);
        if (clusterClient != null) {
            clusterClient.addListener(reconnects);
        }
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "redis-pubsub-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        watchdog.scheduleWithFixedDelay(this::watch, WATCHDOG_PERIOD.toMillis(),
                WATCHDOG_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Opens both connections. Fails with {@link IllegalStateException} (never leaking the password) when
     * Redis cannot be reached or refuses the credentials.
     */
    public static LettucePubSub connect(RedisEndpoint endpoint, Duration commandTimeout, String clientName,
                                        PubSubListener listener, RedisCounters counters) {
        RedisClients clients = RedisClients.open(endpoint, commandTimeout, clientName);
        try {
            return endpoint.topology() == RedisEndpoint.Topology.CLUSTER
                    ? connectCluster(clients, listener, counters)
                    : new LettucePubSub(clients, null, null, openLink(clients, clients.uri(endpoint.uris().get(0))),
                            listener, counters);
        } catch (RuntimeException e) {
            clients.close();
            throw ConnectFailure.of(endpoint, e);
        }
    }

    private static NodeLink openLink(RedisClients clients, RedisURI uri) {
        RedisClient client = clients.standaloneClient(uri);
        try {
            return new NodeLink(client, uri.getHost() + ":" + uri.getPort(), client.connect(RedisClients.CODEC),
                    client.connectPubSub(RedisClients.CODEC));
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            throw e;
        }
    }

    private static LettucePubSub connectCluster(RedisClients clients, PubSubListener listener, RedisCounters counters) {
        RedisClusterClient client = clients.clusterClient();
        // The cluster bus forwards every PUBLISH to every node, so one link to one node both publishes
        // and hears everything, and keeps all (P)SUBSCRIBEs on that node: NUMSUB summed over the masters
        // then counts this process exactly once. The cluster connection serves NUMSUB and failover targets.
        MasterConnections masters = null;
        try {
            StatefulRedisClusterConnection<String, byte[]> cluster = client.connect(RedisClients.CODEC);
            masters = MasterConnections.follow(cluster, clients.resources());
            masters.openAll().join();
            NodeLink link = openLink(clients, clients.uri(clients.endpoint().uris().get(0)));
            return new LettucePubSub(clients, client, new ClusterNodes(cluster, masters), link, listener, counters);
        } catch (RuntimeException e) {
            if (masters != null) {
                masters.close();
            }
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            throw e;
        }
    }

    private void listen(NodeLink target) {
        target.subscriber().addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                listener.onMessage(null, channel, message);
            }

            @Override
            public void message(String pattern, String channel, byte[] message) {
                listener.onMessage(pattern, channel, message);
            }
        });
        target.client().addListener(reconnects);
    }

    @Override
    public CompletionStage<Long> publish(String channel, byte[] payload) {
        CompletionStage<Long> result;
        try {
            result = link.publisher().async().publish(channel, payload);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.whenComplete((receivers, error) -> {
            if (error == null) {
                counters.published();
            } else {
                counters.publishFailed();
                PUBLISH_FAILURES.warn("PUBLISH on {} failed: {}", channel, error.toString());
            }
        });
    }

    @Override
    public CompletionStage<Long> numsub(String channel) {
        try {
            return clusterNodes != null ? clusterNodes.numsub(channel)
                    : link.publisher().async().pubsubNumsub(channel).thenApply(m -> m.getOrDefault(channel, 0L));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void subscribe(String... names) {
        synchronized (subscriptionLock) {
            channels.addAll(List.of(names));
            link.subscriber().async().subscribe(names).exceptionally(this::retryLater);
        }
    }

    @Override
    public void unsubscribe(String... names) {
        synchronized (subscriptionLock) {
            channels.removeAll(List.of(names));
            link.subscriber().async().unsubscribe(names).exceptionally(e -> null);
        }
    }

    @Override
    public void psubscribe(String pattern) {
        synchronized (subscriptionLock) {
            patterns.add(pattern);
            link.subscriber().async().psubscribe(pattern).exceptionally(this::retryLater);
        }
    }

    @Override
    public void punsubscribe(String pattern) {
        synchronized (subscriptionLock) {
            patterns.remove(pattern);
            link.subscriber().async().punsubscribe(pattern).exceptionally(e -> null);
        }
    }

    private Void retryLater(Throwable error) {
        resubscribeNeeded.set(true);
        return null;
    }

    /** One watchdog tick; never throws, or the scheduler would stop calling it. */
    private void watch() {
        try {
            if (clusterNodes != null) {
                failOverIfNodeIsGone();
            }
            restoreSubscriptions();
        } catch (RuntimeException e) {
            LOG.warn("Redis watchdog: {}", e.toString());
        }
    }

    /**
     * In a cluster any master hears every PUBLISH, so when the linked node stays unreachable the link
     * moves to another master that answers, and the subscriptions follow.
     */
    private void failOverIfNodeIsGone() {
        NodeLink current = link;
        if (current.isOpen()) {
            downSinceNanos = 0;
            return;
        }
        long now = System.nanoTime();
        if (downSinceNanos == 0) {
            downSinceNanos = now;
            return;
        }
        if (now - downSinceNanos < FAILOVER_AFTER.toNanos()) {
            return;
        }
        for (String address : clusterNodes.masters()) {
            if (address.equals(current.address())) {
                continue;
            }
            NodeLink candidate;
            try {
                candidate = openLink(clients, clients.nodeUri(address));
            } catch (RuntimeException e) {
                LOG.debug("failover candidate {} unreachable: {}", address, e.toString());
                continue;
            }
            synchronized (subscriptionLock) {
                listen(candidate);
                link = candidate;
                resubscribeNeeded.set(true);
            }
            current.close();
            downSinceNanos = 0;
            LOG.warn("Redis node {} unreachable for {} ms: publishing and subscribing through {} now",
                    current.address(), FAILOVER_AFTER.toMillis(), address);
            return;
        }
        LOG.debug("no other cluster master reachable yet, staying on {}", current.address());
    }

    /** SUBSCRIBE of an already subscribed channel is a no-op in Redis, so re-issuing is always safe. */
    private void restoreSubscriptions() {
        NodeLink current = link;
        if (!current.subscriber().isOpen() || !resubscribeNeeded.getAndSet(false)) {
            return;
        }
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        try {
            synchronized (subscriptionLock) {
                if (!channels.isEmpty()) {
                    pending.add(current.subscriber().async().subscribe(channels.toArray(String[]::new))
                            .toCompletableFuture());
                }
                for (String pattern : patterns) {
                    pending.add(current.subscriber().async().psubscribe(pattern).toCompletableFuture());
                }
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            LOG.debug("Redis subscriptions restored: {} channels, {} patterns", channels.size(), patterns.size());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            resubscribeNeeded.set(true);
        }
    }

    @Override
    public boolean isConnected() {
        return link.isOpen() && !resubscribeNeeded.get();
    }

    @Override
    public String describe() {
        NodeLink current = link;
        List<String> uris = clients.endpoint().uris();
        return (clusterNodes != null ? "cluster " + uris + " via " + current.address()
                : "standalone " + uris)
                + (current.publisher().isOpen() ? ", commands up" : ", commands down")
                + (current.subscriber().isOpen() ? ", subscriber up" : ", subscriber down");
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        try {
            link.close();
        } finally {
            if (clusterClient != null) {
                clusterNodes.close();
                clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
            clients.close();
        }
    }
}
