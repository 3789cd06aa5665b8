package org.socketiooperator.adapter.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.redis.LentEventLoops;
import org.socketiooperator.redis.MasterConnections;
import org.socketiooperator.redis.RedisClients;
import org.socketiooperator.redis.RespCommand;

/**
 * {@link RedisPubSub} on Lettuce, for a standalone server or a Redis Cluster: one {@link NodeLink} (a
 * publishing and a subscribing connection) built by {@link RedisClients}, whose policy applies (commands
 * fail at once while a connection is down and time out after {@code commandTimeout} otherwise). Lettuce's
 * connection events drive the rest, nothing polls: when the subscriber connects, the {@link SubscriptionSet}
 * is restored; in a cluster, a link that loses a connection arms the {@link ClusterFailover}, which moves
 * it to another master unless it comes back in time.
 */
public final class LettucePubSub implements RedisPubSub {

    private static final Logger LOG = LoggerFactory.getLogger(LettucePubSub.class);
    private static final RateLimitedLog PUBLISH_FAILURES = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    private final RedisClients clients;
    private final RedisClusterClient clusterClient;
    private final ClusterNodes clusterNodes;
    private final ClusterFailover failover;
    private final SubscriptionSet subscriptions;
    private final RedisCounters counters;
    private final PubSubListener listener;
    private volatile NodeLink link;
    private final RedisConnectionStateListener linkEvents = new RedisConnectionStateListener() {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            NodeLink current = link;
            if (connection == current.subscriber()) {
                subscriptions.restore();
            }
            if (failover != null && current.isOpen()) {
                failover.linkUp();
            }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            NodeLink current = link;
            if (connection == current.subscriber()) {
                subscriptions.lost();
            }
            if (failover != null && (connection == current.subscriber() || connection == current.publisher())) {
                failover.linkDown();
            }
        }
    };

    private LettucePubSub(
            RedisClients clients,
            RedisClusterClient clusterClient,
            ClusterNodes clusterNodes,
            NodeLink link,
            PubSubListener listener,
            RedisCounters counters) {
        this.clients = clients;
        this.clusterClient = clusterClient;
        this.clusterNodes = clusterNodes;
        this.link = link;
        this.listener = listener;
        this.counters = counters;
        this.subscriptions = new SubscriptionSet(
                () -> this.link.subscriber(), clients.resources().eventExecutorGroup());
        this.failover = clusterNodes == null
                ? null
                : new ClusterFailover(clusterNodes, clients, () -> this.link, this::switchTo);
        listen(link);
    }

    /**
     * Opens both connections. Fails with {@link IllegalStateException} (never leaking the password) when
     * Redis cannot be reached or refuses the credentials.
     */
    public static LettucePubSub connect(
            RedisEndpoint endpoint,
            Duration commandTimeout,
            String clientName,
            PubSubListener listener,
            RedisCounters counters) {
        return connect(endpoint, commandTimeout, clientName, listener, counters, null);
    }

    /** As {@link #connect(RedisEndpoint, Duration, String, PubSubListener, RedisCounters)}, on lent loops. */
    public static LettucePubSub connect(
            RedisEndpoint endpoint,
            Duration commandTimeout,
            String clientName,
            PubSubListener listener,
            RedisCounters counters,
            LentEventLoops loops) {
        RedisClients clients = RedisClients.open(endpoint, commandTimeout, clientName, loops);
        try {
            return endpoint.topology() == RedisEndpoint.Topology.CLUSTER
                    ? connectCluster(clients, listener, counters)
                    : new LettucePubSub(
                            clients,
                            null,
                            null,
                            NodeLink.open(clients, clients.uri(endpoint.uris().get(0))),
                            listener,
                            counters);
        } catch (RuntimeException e) {
            clients.close();
            throw ConnectFailure.of(endpoint, e);
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
            NodeLink link =
                    NodeLink.open(clients, clients.uri(clients.endpoint().uris().get(0)));
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
        target.client().addListener(linkEvents);
    }

    /** The failover found a master that answers: subscriptions move there, the old link is let go. */
    private void switchTo(NodeLink candidate) {
        NodeLink previous = link;
        listen(candidate);
        subscriptions.moveTo(() -> link = candidate);
        previous.closeAsync();
    }

    @Override
    public CompletionStage<Long> publish(String channel, byte[] payload) {
        CompletionStage<Long> result;
        try {
            // the bytes are built here, not on the event loop; the command is its own future
            RespCommand<Long> command = RespCommand.publish(false, channel, payload);
            link.publisher().dispatch(command);
            result = command;
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
            return clusterNodes != null
                    ? clusterNodes.numsub(channel)
                    : link.publisher().async().pubsubNumsub(channel).thenApply(m -> m.getOrDefault(channel, 0L));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void subscribe(String... names) {
        subscriptions.subscribe(names);
    }

    @Override
    public void unsubscribe(String... names) {
        subscriptions.unsubscribe(names);
    }

    @Override
    public void psubscribe(String pattern) {
        subscriptions.psubscribe(pattern);
    }

    @Override
    public void punsubscribe(String pattern) {
        subscriptions.punsubscribe(pattern);
    }

    @Override
    public boolean isConnected() {
        return link.isOpen() && subscriptions.inPlace();
    }

    @Override
    public String describe() {
        NodeLink current = link;
        List<String> uris = clients.endpoint().uris();
        return (clusterNodes != null ? "cluster " + uris + " via " + current.address() : "standalone " + uris)
                + (current.publisher().isOpen() ? ", commands up" : ", commands down")
                + (current.subscriber().isOpen() ? ", subscriber up" : ", subscriber down");
    }

    @Override
    public void close() {
        if (failover != null) {
            failover.close();
        }
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
