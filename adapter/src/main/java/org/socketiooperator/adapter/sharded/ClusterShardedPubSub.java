package org.socketiooperator.adapter.sharded;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.redis.MasterConnections;
import org.socketiooperator.redis.RedisClients;
import org.socketiooperator.redis.RespCommand;
import reactor.core.Disposable;

/**
 * Sharded Pub/Sub on a Redis Cluster. Each SSUBSCRIBE goes to the master that owns the channel's slot
 * (a node refuses sharded channels of slots it does not serve); SPUBLISH is routed by Lettuce. The owner
 * of every channel is remembered, and channels are subscribed again at their current owner whenever the
 * topology changes, a node connection comes back, or Redis drops a subscription because its slot moved.
 */
final class ClusterShardedPubSub implements ShardedPubSub {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterShardedPubSub.class);

    private final RedisClients clients;
    private final RedisClusterClient client;
    private final MasterConnections masters;
    private final StatefulRedisClusterConnection<String, byte[]> pub;
    private final StatefulRedisClusterPubSubConnection<String, byte[]> sub;
    /** channel -> node id it is subscribed at (null while not placed). */
    private final Map<String, String> owners = new ConcurrentHashMap<>();

    private final Disposable topologyEvents;

    /** Gives {@code clients} back on {@link #close()}; when connecting fails, that is the caller's job. */
    ClusterShardedPubSub(RedisClients clients, MessageHandler handler) {
        this.clients = clients;
        client = clients.clusterClient();
        MasterConnections following = null;
        try {
            pub = client.connect(RedisClients.CODEC);
            RedisVersion.requireSharded(pub.sync().info("server"));
            following = MasterConnections.follow(pub, clients.resources());
            following.openAll().join();
            sub = client.connectPubSub(RedisClients.CODEC);
        } catch (RuntimeException e) {
            if (following != null) {
                following.close();
            }
            client.shutdown();
            throw e;
        }
        masters = following;
        sub.setNodeMessagePropagation(true);
        sub.addListener(new RedisClusterPubSubAdapter<>() {
            @Override
            public void smessage(RedisClusterNode node, String channel, byte[] message) {
                handler.onMessage(channel, message);
            }

            @Override
            public void sunsubscribed(RedisClusterNode node, String channel, long count) {
                // Redis unsubscribes everyone when a slot changes owner; a channel we still want moves along.
                if (owners.containsKey(channel)) {
                    owners.put(channel, "");
                    client.refreshPartitionsAsync().whenComplete((ok, e) -> place(channel));
                }
            }
        });
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                resubscribeAll();
            }
        });
        // The event bus is shared by every client of the process: re-placing is idempotent, so any change will do.
        topologyEvents = clients.resources()
                .eventBus()
                .get()
                .filter(ClusterTopologyChangedEvent.class::isInstance)
                .subscribe(event -> resubscribeAll());
    }

    private void resubscribeAll() {
        List<String> channels = new ArrayList<>(owners.keySet());
        if (!channels.isEmpty()) {
            LOG.debug("re-placing {} sharded channels on their slot owners", channels.size());
            channels.forEach(this::place);
        }
    }

    /** Subscribes {@code channel} at the master that owns its slot now. */
    private CompletableFuture<Void> place(String channel) {
        RedisClusterNode owner = sub.getPartitions().getMasterBySlot(SlotHash.getSlot(channel));
        if (owner == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no master serves the slot of " + channel));
        }
        return sub.getConnectionAsync(owner.getNodeId())
                .thenCompose(node -> node.async()
                        .ssubscribe(channel)
                        .toCompletableFuture()
                        // an unsubscribe may have overtaken us while the node connection was opening
                        .thenCompose(v -> owners.containsKey(channel)
                                ? CompletableFuture.<Void>completedFuture(null)
                                : node.async().sunsubscribe(channel).toCompletableFuture()))
                .thenRun(() -> owners.computeIfPresent(channel, (c, previous) -> owner.getNodeId()))
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        LOG.debug("SSUBSCRIBE {} at {} failed: {}", channel, owner.getUri(), e.toString());
                    }
                });
    }

    @Override
    public CompletableFuture<Void> subscribe(String channel) {
        owners.put(channel, "");
        return place(channel);
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String channel) {
        String nodeId = owners.remove(channel);
        RedisClusterNode owner = nodeId == null || nodeId.isEmpty()
                ? sub.getPartitions().getMasterBySlot(SlotHash.getSlot(channel))
                : sub.getPartitions().getPartitionByNodeId(nodeId);
        if (owner == null) {
            return CompletableFuture.completedFuture(null);
        }
        return sub.getConnectionAsync(owner.getNodeId())
                .thenCompose(node -> node.async().sunsubscribe(channel).toCompletableFuture());
    }

    @Override
    public CompletableFuture<Long> publish(String channel, byte[] payload) {
        // the bytes are built here, not on the event loop; the command is its own future
        RespCommand<Long> command = RespCommand.publish(true, channel, payload);
        pub.dispatch(command);
        return command;
    }

    @Override
    public CompletableFuture<Long> shardNumSub(String channel) {
        List<CompletableFuture<Long>> counts = new ArrayList<>();
        for (RedisClusterNode node : pub.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.is(RedisClusterNode.NodeFlag.FAIL)) {
                counts.add(pub.getConnectionAsync(node.getNodeId())
                        .thenCompose(c -> c.async().pubsubShardNumsub(channel).toCompletableFuture())
                        .thenApply(m -> m.getOrDefault(channel, 0L)));
            }
        }
        return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new))
                .thenApply(
                        v -> counts.stream().mapToLong(CompletableFuture::join).sum());
    }

    @Override
    public boolean connected() {
        return pub.isOpen() && sub.isOpen();
    }

    @Override
    public void close() {
        try {
            topologyEvents.dispose();
            masters.close();
            sub.close();
            pub.close();
        } finally {
            client.shutdown();
            clients.close();
        }
    }
}
