package org.socketiooperator.adapter.classic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.socketiooperator.adapter.LocalNamespace;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.adapter.Stages;
import org.socketiooperator.adapter.redis.RedisPubSub;
import org.socketiooperator.adapter.request.AnswerCollector;
import org.socketiooperator.adapter.request.PendingRequests;
import org.socketiooperator.protocol.classic.ClassicBroadcast;
import org.socketiooperator.protocol.classic.ClassicChannels;
import org.socketiooperator.protocol.classic.ClassicCodec;
import org.socketiooperator.protocol.classic.ClassicRequest;
import org.socketiooperator.protocol.classic.ClassicResponse;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.model.SocketDetails;

/**
 * One namespace of a classic-mode node: its own uid and pending requests, like one adapter instance of
 * the official Node server. Outgoing operations always act on local sockets first, so local delivery
 * keeps working while Redis is away; requests then wait at most {@code requestsTimeout}.
 */
final class ClassicNamespaceAdapter implements NamespaceAdapter {

    private final String uid = ClassicIds.next();
    private final LocalNamespace local;
    private final ClassicChannels channels;
    private final ClassicCodec codec;
    private final RedisPubSub redis;
    private final PendingRequests<ClassicResponse> pending;
    private final Duration requestsTimeout;
    private final ClassicMessageReceiver receiver;
    private final Runnable onClose;

    ClassicNamespaceAdapter(LocalNamespace local, ClassicNode node, Runnable onClose) {
        this.local = local;
        this.channels = new ClassicChannels(node.config().key(), local.name());
        this.codec = node.codec();
        this.redis = node.redis();
        this.requestsTimeout = node.config().requestsTimeout();
        this.pending = new PendingRequests<>(node.scheduler(), node.counters()::requestTimedOut);
        boolean specific = node.config().publishOnSpecificResponseChannel();
        ClassicRequestHandler handler = new ClassicRequestHandler(uid, local, pending,
                new ClassicRequestHandler.Responder() {
                    @Override
                    public void respond(String requesterUid, ClassicResponse response) {
                        String channel = specific && requesterUid != null
                                ? channels.specificResponseChannel(requesterUid) : channels.responseChannel();
                        redis.publish(channel, codec.encodeResponse(response));
                    }

                    @Override
                    public void respondShared(ClassicResponse response) {
                        redis.publish(channels.responseChannel(), codec.encodeResponse(response));
                    }
                });
        this.receiver = new ClassicMessageReceiver(uid, local, channels, codec, handler, pending, node.counters(),
                node.malformedLog());
        this.onClose = onClose;
    }

    String uid() {
        return uid;
    }

    ClassicChannels channels() {
        return channels;
    }

    ClassicMessageReceiver receiver() {
        return receiver;
    }

    /** Requests still waiting for answers; tests use it to prove nothing leaks. */
    int pendingRequests() {
        return pending.size();
    }

    void subscribe() {
        redis.psubscribe(channels.broadcastPattern());
        redis.subscribe(channels.requestChannel(), channels.responseChannel(),
                channels.specificResponseChannel(uid));
    }

    @Override
    public void broadcast(EventPacket packet, BroadcastOptions opts) {
        local.broadcast(packet, opts);
        if (!opts.flags().local()) {
            redis.publish(channels.channelFor(opts), codec.encodeBroadcast(new ClassicBroadcast(uid, packet, opts)));
        }
    }

    @Override
    public CompletionStage<List<Object>> broadcastWithAck(EventPacket packet, BroadcastOptions opts) {
        return Stages.guard(() -> {
            Long timeoutMs = opts.flags().timeoutMs();
            if (timeoutMs == null || timeoutMs <= 0) {
                return CompletableFuture.failedFuture(
                        new IllegalArgumentException("broadcast with acknowledgements needs a positive timeout flag"));
            }
            String requestId = ClassicIds.next();
            BroadcastAckCollector collector = new BroadcastAckCollector();
            pending.add(requestId, collector, Duration.ofMillis(timeoutMs));
            if (!opts.flags().local()) {
                publishRequest(requestId, new ClassicRequest.BroadcastWithAck(uid, requestId, packet, opts));
            }
            int clients = local.broadcastWithAck(packet, opts,
                    ack -> pending.dispatch(requestId, new ClassicResponse.BroadcastAck(requestId, ack)));
            pending.dispatch(requestId, new ClassicResponse.BroadcastClientCount(requestId, clients));
            if (opts.flags().local()) {
                expectNodes(requestId, 1);
            } else {
                redis.numsub(channels.requestChannel()).whenComplete((count, error) ->
                        expectNodes(requestId, error == null ? (int) Math.max(1, count) : 1));
            }
            return collector.result();
        });
    }

    private void expectNodes(String requestId, int nodes) {
        pending.update(requestId, request -> ((BroadcastAckCollector) request).expectReports(nodes));
    }

    @Override
    public CompletionStage<Void> socketsJoin(BroadcastOptions opts, Collection<String> rooms) {
        return Stages.guard(() -> {
            local.addSocketsToRooms(opts, rooms);
            return publishUnlessLocal(opts, () -> new ClassicRequest.Join(uid, opts, List.copyOf(rooms)));
        });
    }

    @Override
    public CompletionStage<Void> socketsLeave(BroadcastOptions opts, Collection<String> rooms) {
        return Stages.guard(() -> {
            local.removeSocketsFromRooms(opts, rooms);
            return publishUnlessLocal(opts, () -> new ClassicRequest.Leave(uid, opts, List.copyOf(rooms)));
        });
    }

    @Override
    public CompletionStage<Void> disconnectSockets(BroadcastOptions opts, boolean close) {
        return Stages.guard(() -> {
            local.disconnectSockets(opts, close);
            return publishUnlessLocal(opts, () -> new ClassicRequest.Disconnect(uid, opts, close));
        });
    }

    /** Completes once the request is handed to Redis, or failed to be: the local part is already done. */
    private CompletionStage<Void> publishUnlessLocal(BroadcastOptions opts,
                                                     java.util.function.Supplier<ClassicRequest> request) {
        if (opts.flags().local()) {
            return CompletableFuture.completedFuture(null);
        }
        return redis.publish(channels.requestChannel(), codec.encodeRequest(request.get()))
                .handle((receivers, error) -> null);
    }

    @Override
    public CompletionStage<List<SocketDetails>> fetchSockets(BroadcastOptions opts) {
        return Stages.guard(() -> {
            List<SocketDetails> localSockets = local.fetchSockets(opts);
            if (opts.flags().local()) {
                return CompletableFuture.completedFuture(localSockets);
            }
            return ask(localSockets, requestId -> new ClassicRequest.FetchSockets(uid, requestId, opts),
                    response -> response instanceof ClassicResponse.FetchSockets r ? r.sockets() : null,
                    expected -> received -> "timeout reached while waiting for fetchSockets response");
        });
    }

    @Override
    public CompletionStage<Set<String>> allRooms() {
        return Stages.guard(() -> ask(List.copyOf(local.rooms()),
                requestId -> new ClassicRequest.AllRooms(uid, requestId),
                response -> response instanceof ClassicResponse.AllRooms r ? r.rooms() : null,
                expected -> received -> "timeout reached while waiting for allRooms response")
                .thenApply(LinkedHashSet::new));
    }

    @Override
    public void serverSideEmit(List<Object> eventAndArgs) {
        redis.publish(channels.requestChannel(),
                codec.encodeRequest(new ClassicRequest.ServerSideEmit(uid, null, eventAndArgs)));
    }

    @Override
    public CompletionStage<List<Object>> serverSideEmitWithAck(List<Object> eventAndArgs) {
        return Stages.guard(() -> ask(List.of(),
                requestId -> new ClassicRequest.ServerSideEmit(uid, requestId, eventAndArgs),
                response -> response instanceof ClassicResponse.ServerSideEmitAck r ? single(r.data()) : null,
                AnswerCollector::onlySomeResponses));
    }

    @Override
    public CompletionStage<Integer> serverCount() {
        return Stages.guard(() -> {
            // While Redis is away this node only knows about itself.
            return redis.numsub(channels.requestChannel()).handle((count, error) ->
                    error == null ? (int) Math.max(1, count) : 1);
        });
    }

    /**
     * The NUMSUB-counted request of fetchSockets and allRooms: one answer per other node, or the local
     * part alone when no other node listens or Redis cannot be reached.
     */
    private <T> CompletionStage<List<T>> ask(List<T> localPart, Function<String, ClassicRequest> request,
                                             Function<ClassicResponse, List<T>> extract,
                                             IntFunction<IntFunction<String>> timeoutMessage) {
        return redis.numsub(channels.requestChannel())
                .handle((count, error) -> error == null ? (int) (count - 1) : 0)
                .thenCompose(expected -> {
                    if (expected <= 0) {
                        return CompletableFuture.completedFuture(localPart);
                    }
                    String requestId = ClassicIds.next();
                    CollectingRequest<T> collector = new CollectingRequest<>(expected, localPart, extract,
                            timeoutMessage.apply(expected));
                    pending.add(requestId, collector, requestsTimeout);
                    publishRequest(requestId, request.apply(requestId));
                    return collector.result();
                });
    }

    /** A request that cannot be published will get no remote answer: stop waiting for one. */
    private void publishRequest(String requestId, ClassicRequest request) {
        redis.publish(channels.requestChannel(), codec.encodeRequest(request)).whenComplete((receivers, error) -> {
            if (error != null) {
                pending.update(requestId, p -> ((RemoteAnswers) p).expectNoMoreRemoteAnswers());
            }
        });
    }

    private static List<Object> single(Object value) {
        List<Object> list = new ArrayList<>(1);
        list.add(value);
        return list;
    }

    @Override
    public void close() {
        redis.punsubscribe(channels.broadcastPattern());
        redis.unsubscribe(channels.requestChannel(), channels.responseChannel(), channels.specificResponseChannel(uid));
        pending.expireAll();
        onClose.run();
    }
}
