package org.socketiooperator.adapter.streams;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.adapter.LocalNamespace;
import org.socketiooperator.adapter.Stages;
import org.socketiooperator.adapter.cluster.RemoteOperation;
import org.socketiooperator.adapter.recovery.Offsets;
import org.socketiooperator.adapter.recovery.RestoredSession;
import org.socketiooperator.adapter.recovery.SocketSession;
import org.socketiooperator.adapter.redis.RateLimitedLog;
import org.socketiooperator.adapter.request.PendingRequests;
import org.socketiooperator.adapter.sharded.ClusterMessageNamespace;
import org.socketiooperator.adapter.sharded.RemoteMessages;
import org.socketiooperator.protocol.codec.CodecException;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.sharded.ClusterMessage;
import org.socketiooperator.protocol.sharded.ClusterMessage.Broadcast;
import org.socketiooperator.protocol.sharded.ClusterMessage.DisconnectSockets;
import org.socketiooperator.protocol.sharded.ClusterMessage.SocketsJoin;
import org.socketiooperator.protocol.sharded.ClusterMessage.SocketsLeave;
import org.socketiooperator.protocol.streams.StreamEntryCodec;
import org.socketiooperator.protocol.streams.StreamOffsets;
import org.socketiooperator.protocol.streams.StreamsPubSubCodec;

/**
 * One namespace in streams mode, the counterpart of one {@code RedisStreamsAdapter} instance: its own uid,
 * broadcasts and room operations as stream entries, requests and answers over Pub/Sub on
 * {@code <channelPrefix>#<nsp>#} and {@code <channelPrefix>#<nsp>#<uid>#}. As in the official adapter a
 * broadcast is added to the stream first and delivered locally with the id Redis gave it as the offset; unlike
 * the official adapter, not before the reader has passed the entries before that id ({@link OwnEntriesInOrder}),
 * so local sockets get every entry in stream order. The room operations wait the same way. When the XADD
 * fails, local delivery still happens at once, without an offset. Nothing of this changes the wire.
 */
final class StreamsNamespace extends ClusterMessageNamespace {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsNamespace.class);
    private static final RateLimitedLog MALFORMED = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private static final RateLimitedLog PUBLISH_FAILURES = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private final String stream;
    private final String publicChannel;
    private final String privateChannel;
    private final StreamsContext context;
    private final OwnEntriesInOrder ownEntries;
    /** Null while recovery is off. */
    private final ReadWindow window;

    private final RemoteMessages remote;
    private volatile boolean closed;

    StreamsNamespace(
            LocalNamespace local,
            String stream,
            StreamsContext context,
            OwnEntriesInOrder ownEntries,
            ReadWindow window,
            PendingRequests<ClusterMessage.Response> pending) {
        super(local, pending);
        this.stream = stream;
        this.context = context;
        this.ownEntries = ownEntries;
        this.window = window;
        this.publicChannel = StreamsPubSubCodec.requestChannel(context.options().channelPrefix(), local.name());
        this.privateChannel =
                StreamsPubSubCodec.responseChannel(context.options().channelPrefix(), local.name(), uid);
        this.remote = new RemoteMessages(local, uid, this::reply, pending);
    }

    String uid() {
        return uid;
    }

    String stream() {
        return stream;
    }

    String publicChannel() {
        return publicChannel;
    }

    String privateChannel() {
        return privateChannel;
    }

    int pendingRequests() {
        return pending.size();
    }

    /**
     * The private channel first, and the public one only once Redis has confirmed it: the server count is the
     * public channel's subscribers, so a node counted by its peers can be answered. With sharded Pub/Sub on a
     * cluster the two channels may live on different masters, where asking in order does not confirm in order
     * (a request sent in between lost its answers). Failed or not, the public channel follows: the layer
     * underneath restores subscriptions after a reconnect.
     */
    void start() {
        context.pubSub().subscribe(privateChannel).whenComplete((ok, error) -> {
            if (!closed) {
                context.pubSub().subscribe(publicChannel);
            }
        });
    }

    // ---- outgoing: the stream first, then this node ----

    @Override
    public void broadcast(EventPacket packet, BroadcastOptions opts) {
        if (opts.flags().local()) {
            local.broadcast(packet, opts);
            return;
        }
        append(new Broadcast(uid, local.name(), packet.data(), opts, null)).whenComplete((id, error) -> {
            if (id == null) {
                local.broadcast(packet, opts);
                return;
            }
            boolean offset = context.recovery() && Offsets.kept(opts);
            ownEntries.appended(id, () -> local.broadcast(offset ? Offsets.withOffset(packet, id) : packet, opts));
        });
    }

    @Override
    public CompletionStage<Void> socketsJoin(BroadcastOptions opts, Collection<String> rooms) {
        List<String> copy = List.copyOf(rooms);
        return afterAppend(
                opts, () -> new SocketsJoin(uid, local.name(), opts, copy), () -> local.addSocketsToRooms(opts, copy));
    }

    @Override
    public CompletionStage<Void> socketsLeave(BroadcastOptions opts, Collection<String> rooms) {
        List<String> copy = List.copyOf(rooms);
        return afterAppend(
                opts,
                () -> new SocketsLeave(uid, local.name(), opts, copy),
                () -> local.removeSocketsFromRooms(opts, copy));
    }

    @Override
    public CompletionStage<Void> disconnectSockets(BroadcastOptions opts, boolean close) {
        return afterAppend(
                opts,
                () -> new DisconnectSockets(uid, local.name(), opts, close),
                () -> local.disconnectSockets(opts, close));
    }

    private CompletionStage<Void> afterAppend(
            BroadcastOptions opts, java.util.function.Supplier<ClusterMessage> message, Runnable locally) {
        return Stages.guard(() -> {
            if (opts.flags().local()) {
                locally.run();
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> applied = new CompletableFuture<>();
            append(message.get()).whenComplete((id, error) -> {
                Runnable apply = () -> {
                    try {
                        locally.run();
                        applied.complete(null);
                    } catch (RuntimeException e) {
                        applied.completeExceptionally(e);
                    }
                };
                if (id == null) {
                    apply.run();
                } else {
                    ownEntries.appended(id, apply);
                }
            });
            return applied;
        });
    }

    /** Broadcasts with acknowledgements only: the others are appended to the stream by the methods above. */
    @Override
    protected CompletionStage<?> publish(RemoteOperation operation) {
        if (operation instanceof RemoteOperation.Broadcast b && b.ackRequestId() != null) {
            return request(new Broadcast(uid, local.name(), b.packet().data(), b.opts(), b.ackRequestId()));
        }
        throw new IllegalArgumentException("streams mode appends " + operation + " to the stream");
    }

    /** XADD; completes with the entry id, or fails (counted and logged) when Redis did not take it. */
    private CompletableFuture<String> append(ClusterMessage message) {
        try {
            return context.commands()
                    .xadd(
                            stream,
                            context.options().maxLen(),
                            StreamEntryCodec.encode(message, context.options().onlyPlaintext())
                                    .fields())
                    .whenComplete((id, error) -> {
                        if (error == null) {
                            context.counters().published();
                        } else {
                            context.counters().publishFailed();
                            PUBLISH_FAILURES.warn(
                                    "XADD to {} failed (local sockets are served all the same): {}",
                                    stream,
                                    error.toString());
                        }
                    });
        } catch (CodecException e) {
            context.counters().publishFailed();
            LOG.warn("cannot encode a type {} message for {}: {}", message.type(), stream, e.getMessage());
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A request on the public channel, MessagePack as always in 0.3. */
    private CompletionStage<Long> request(ClusterMessage message) {
        return publishTo(publicChannel, message);
    }

    @Override
    protected CompletionStage<?> sendToOthers(ClusterMessage message) {
        return request(message);
    }

    private void reply(String requesterUid, ClusterMessage response) {
        publishTo(
                StreamsPubSubCodec.responseChannel(context.options().channelPrefix(), local.name(), requesterUid),
                response);
    }

    private CompletionStage<Long> publishTo(String channel, ClusterMessage message) {
        byte[] payload;
        try {
            payload = StreamsPubSubCodec.encode(message);
        } catch (CodecException e) {
            context.counters().publishFailed();
            LOG.warn("cannot encode a type {} message for {}: {}", message.type(), channel, e.getMessage());
            return CompletableFuture.failedFuture(e);
        }
        return context.pubSub().publish(channel, payload);
    }

    @Override
    protected CompletionStage<Integer> nodeCountOrSelf() {
        return context.pubSub()
                .numsub(publicChannel)
                .thenApply(n -> (int) Math.max(1, n))
                .exceptionally(e -> {
                    LOG.warn("PUBSUB NUMSUB failed, counting this node only: {}", e.toString());
                    return 1;
                });
    }

    @Override
    public CompletionStage<Integer> serverCount() {
        return Stages.guard(() -> context.pubSub().numsub(publicChannel).thenApply(n -> (int) Math.max(1, n)));
    }

    @Override
    public CompletionStage<Set<String>> allRooms() {
        return Stages.guard(() -> CompletableFuture.failedFuture(new UnsupportedOperationException(
                "allRooms() is not part of the streams adapter protocol (@socket.io/redis-streams-adapter has no"
                        + " such request); use the classic adapter mode if you need it")));
    }

    // ---- connection state recovery ----

    @Override
    public void persistSession(SocketSession session) {
        if (context.sessions() != null) {
            context.sessions().persist(session);
        }
    }

    @Override
    public CompletionStage<Optional<RestoredSession>> restoreSession(String pid, String offset) {
        if (context.sessions() == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return context.sessions().restore(stream, window, local.name(), pid, offset);
    }

    @Override
    public Comparator<String> offsetOrder() {
        return context.recovery() ? StreamOffsets.ORDER : null;
    }

    @Override
    public CompletionStage<List<List<Object>>> packetsSince(List<String> rooms, String offset) {
        if (context.sessions() == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        return context.sessions().packetsSince(stream, window, local.name(), rooms, offset);
    }

    // ---- incoming ----

    /** An entry of the stream, already decoded, of this namespace; {@code id} is its offset. */
    void fromStream(ClusterMessage message, String id) {
        if (closed || uid.equals(message.uid())) {
            return;
        }
        if (message instanceof Broadcast b && !b.expectsAcks()) {
            EventPacket packet = new EventPacket(local.name(), b.packetData());
            boolean offset = context.recovery() && Offsets.kept(b.opts());
            local.broadcast(offset ? Offsets.withOffset(packet, id) : packet, b.opts());
            return;
        }
        remote.handle(message);
    }

    /** A Pub/Sub message on one of this namespace's channels; never throws. */
    void fromPubSub(String channel, byte[] payload) {
        if (closed) {
            return;
        }
        context.counters().received();
        ClusterMessage message;
        try {
            message = StreamsPubSubCodec.decode(payload);
        } catch (CodecException e) {
            context.counters().malformed();
            MALFORMED.warn("dropped a malformed message on {}: {}", channel, e.getMessage());
            return;
        }
        try {
            if (channel.equals(privateChannel)) {
                if (message instanceof ClusterMessage.Response response) {
                    pending.dispatch(response.requestId(), response);
                }
                return;
            }
            remote.handle(message);
        } catch (RuntimeException e) {
            context.counters().malformed();
            MALFORMED.warn(
                    "dropped a type {} message on {} that could not be applied: {}",
                    message.type(),
                    channel,
                    e.toString());
        }
    }

    /** Stops listening; nothing is published, as in the official adapter. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        context.pubSub().unsubscribe(publicChannel);
        context.pubSub().unsubscribe(privateChannel);
        pending.expireAll();
    }
}
