package org.socketiooperator.adapter.sharded;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.adapter.LocalNamespace;
import org.socketiooperator.adapter.Stages;
import org.socketiooperator.adapter.cluster.LocalFirstNamespaceAdapter;
import org.socketiooperator.adapter.cluster.RemoteOperation;
import org.socketiooperator.adapter.redis.RateLimitedLog;
import org.socketiooperator.adapter.redis.RedisCounters;
import org.socketiooperator.adapter.request.PendingRequests;
import org.socketiooperator.protocol.codec.CodecException;
import org.socketiooperator.protocol.sharded.ClusterMessage;
import org.socketiooperator.protocol.sharded.ClusterMessage.Broadcast;
import org.socketiooperator.protocol.sharded.ClusterMessage.DisconnectSockets;
import org.socketiooperator.protocol.sharded.ClusterMessage.SocketsJoin;
import org.socketiooperator.protocol.sharded.ClusterMessage.SocketsLeave;
import org.socketiooperator.protocol.sharded.ClusterMessageCodec;
import org.socketiooperator.protocol.sharded.ShardedChannels;

/**
 * One namespace in sharded mode, the counterpart of one {@code ClusterAdapter} instance of the official
 * adapter: its own uid, its namespace and response channels, room channels per subscription mode.
 * Operations reach local sockets first, then go out to the other nodes ({@link LocalFirstNamespaceAdapter});
 * a failed publish is counted and logged, never thrown at the caller.
 */
final class ShardedNamespace extends ClusterMessageNamespace implements LocalNamespace.RoomListener {

    private static final Logger LOG = LoggerFactory.getLogger(ShardedNamespace.class);
    // a flood of bad messages must not flood the log as well
    private static final RateLimitedLog MALFORMED = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    private final ShardedChannels channels;
    private final ShardedPubSub pubSub;
    private final ChannelRegistry registry;
    private final RedisCounters counters;
    private final ShardedPublisher publisher;
    private final RemoteMessages remote;
    private final Set<String> roomChannels = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ShardedNamespace(
            LocalNamespace local,
            ShardedChannels channels,
            ShardedPubSub pubSub,
            ChannelRegistry registry,
            RedisCounters counters,
            PendingRequests<ClusterMessage.Response> pending) {
        super(local, pending);
        this.channels = channels;
        this.pubSub = pubSub;
        this.registry = registry;
        this.counters = counters;
        this.publisher = new ShardedPublisher(pubSub, channels, counters);
        this.remote = new RemoteMessages(local, uid, publisher::reply, pending);
    }

    String uid() {
        return uid;
    }

    ShardedChannels channels() {
        return channels;
    }

    int pendingRequests() {
        return pending.size();
    }

    Set<String> roomChannels() {
        return Set.copyOf(roomChannels);
    }

    /**
     * Subscribes the own response channel, then the namespace channel, and starts following local rooms. The
     * server count is the namespace channel's subscribers, so it must not count this node before its answers can
     * reach it; on a cluster the two channels can sit on different masters, where asking at once does not confirm
     * in order. Failed or not, the namespace channel follows (the Pub/Sub layer places unconfirmed channels again
     * when Redis recovers), and the stage reports the first failure.
     */
    CompletableFuture<Void> start() {
        local.addRoomListener(this);
        return listen(channels.responseChannel(uid))
                .handle((ok, error) -> error)
                .thenCompose(error -> {
                    if (closed) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    CompletableFuture<Void> requests = listen(channels.namespaceChannel());
                    return error == null
                            ? requests
                            : requests.thenCompose(ok -> CompletableFuture.<Void>failedFuture(error));
                });
    }

    private CompletableFuture<Void> listen(String channel) {
        registry.register(channel, this);
        return pubSub.subscribe(channel);
    }

    private CompletableFuture<Void> stopListening(String channel) {
        registry.unregister(channel, this);
        return pubSub.unsubscribe(channel).exceptionally(e -> null);
    }

    // ---- room channels (dynamic modes) ----

    @Override
    public void roomCreated(String room, boolean socketIdRoom) {
        String channel = channels.roomChannel(room);
        // a room named like our uid would share the response channel: never subscribe or drop it twice
        if (closed || !channels.subscribesRoom(socketIdRoom) || channel.equals(channels.responseChannel(uid))) {
            return;
        }
        if (roomChannels.add(channel)) {
            listen(channel).exceptionally(e -> {
                LOG.debug("SSUBSCRIBE {} deferred until Redis is back: {}", channel, e.toString());
                return null;
            });
        }
    }

    @Override
    public void roomDeleted(String room) {
        String channel = channels.roomChannel(room);
        if (roomChannels.remove(channel)) {
            stopListening(channel);
        }
    }

    // ---- outgoing ----

    /** Never fails: {@link ShardedPublisher} counts and logs a failed SPUBLISH instead. */
    @Override
    protected CompletableFuture<Void> publish(RemoteOperation operation) {
        String nsp = local.name();
        if (operation instanceof RemoteOperation.Broadcast b) {
            return send(new Broadcast(uid, nsp, b.packet().data(), b.opts(), b.ackRequestId()));
        } else if (operation instanceof RemoteOperation.SocketsJoin j) {
            return send(new SocketsJoin(uid, nsp, j.opts(), j.rooms()));
        } else if (operation instanceof RemoteOperation.SocketsLeave l) {
            return send(new SocketsLeave(uid, nsp, l.opts(), l.rooms()));
        } else if (operation instanceof RemoteOperation.DisconnectSockets d) {
            return send(new DisconnectSockets(uid, nsp, d.opts(), d.close()));
        }
        throw new IllegalArgumentException("no sharded message for " + operation);
    }

    @Override
    protected CompletionStage<Integer> nodeCountOrSelf() {
        return countOrSelf();
    }

    @Override
    public CompletionStage<Integer> serverCount() {
        return Stages.guard(
                () -> pubSub.shardNumSub(channels.namespaceChannel()).thenApply(n -> (int) Math.max(1, n)));
    }

    /** The server count, or just this node while Redis cannot tell (requests then settle for local answers). */
    private CompletableFuture<Integer> countOrSelf() {
        return pubSub.shardNumSub(channels.namespaceChannel())
                .thenApply(n -> (int) Math.max(1, n))
                .exceptionally(e -> {
                    LOG.warn("PUBSUB SHARDNUMSUB failed, counting this node only: {}", e.toString());
                    return 1;
                });
    }

    @Override
    public CompletionStage<Set<String>> allRooms() {
        return Stages.guard(() -> CompletableFuture.failedFuture(new UnsupportedOperationException(
                "allRooms() is not part of the sharded adapter protocol (createShardedAdapter has no such request);"
                        + " use the classic adapter mode if you need it")));
    }

    @Override
    protected CompletionStage<?> sendToOthers(ClusterMessage message) {
        return send(message);
    }

    private CompletableFuture<Void> send(ClusterMessage message) {
        return publisher.publish(message);
    }

    // ---- incoming ----

    /** Never throws: a bad message is counted, logged and dropped so later ones still flow. */
    void receive(String channel, byte[] payload) {
        if (closed) {
            return;
        }
        counters.received();
        ClusterMessage message;
        try {
            message = ClusterMessageCodec.decode(payload);
        } catch (CodecException e) {
            counters.malformed();
            MALFORMED.warn("dropped a malformed message on {}: {}", channel, e.getMessage());
            return;
        }
        try {
            if (channel.equals(channels.responseChannel(uid))) {
                if (message instanceof ClusterMessage.Response response) {
                    pending.dispatch(response.requestId(), response);
                }
                return;
            }
            remote.handle(message);
        } catch (RuntimeException e) {
            counters.malformed();
            MALFORMED.warn(
                    "dropped a type {} message on {} that could not be applied: {}",
                    message.type(),
                    channel,
                    e.toString());
        }
    }

    /** Unsubscribes every channel of this namespace; nothing is published, as in the official adapter. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<CompletableFuture<Void>> unsubscribes = new java.util.ArrayList<>();
        unsubscribes.add(stopListening(channels.namespaceChannel()));
        unsubscribes.add(stopListening(channels.responseChannel(uid)));
        for (String channel : List.copyOf(roomChannels)) {
            roomChannels.remove(channel);
            unsubscribes.add(stopListening(channel));
        }
        pending.expireAll();
        try {
            CompletableFuture.allOf(unsubscribes.toArray(CompletableFuture[]::new))
                    .get(ShardedAdapter.COMMAND_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debug("unsubscribing namespace {} did not finish: {}", local.name(), e.toString());
        }
    }
}
