package org.socketiooperator.adapter.classic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.socketiooperator.adapter.LocalNamespace;
import org.socketiooperator.adapter.Stages;
import org.socketiooperator.adapter.cluster.LocalFirstNamespaceAdapter;
import org.socketiooperator.adapter.cluster.RemoteOperation;
import org.socketiooperator.adapter.redis.RedisPubSub;
import org.socketiooperator.adapter.request.AckCollector;
import org.socketiooperator.adapter.request.AnswerCollector;
import org.socketiooperator.adapter.request.PendingRequest;
import org.socketiooperator.adapter.request.PendingRequests;
import org.socketiooperator.protocol.classic.ClassicBroadcast;
import org.socketiooperator.protocol.classic.ClassicChannels;
import org.socketiooperator.protocol.classic.ClassicCodec;
import org.socketiooperator.protocol.classic.ClassicRequest;
import org.socketiooperator.protocol.classic.ClassicResponse;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.SocketDetails;

/**
 * One namespace of a classic-mode node: its own uid and pending requests, like one adapter instance of
 * the official Node server. Outgoing operations act on local sockets first, so local delivery keeps
 * working while Redis is away ({@link LocalFirstNamespaceAdapter}); requests then wait at most
 * {@code requestsTimeout}.
 */
final class ClassicNamespaceAdapter extends LocalFirstNamespaceAdapter<ClassicResponse> {

    /** Nodes report their client count with type 8 (this node through the same path), clients' answers come as type 9. */
    private static final Function<ClassicResponse, AckCollector.Reply> ACK_REPLIES = response -> response
                    instanceof ClassicResponse.BroadcastClientCount count
            ? new AckCollector.Reply.ClientCount(count.clientCount())
            : response instanceof ClassicResponse.BroadcastAck ack ? new AckCollector.Reply.Ack(ack.packet()) : null;

    private final String uid = ClassicIds.next();
    private final ClassicChannels channels;
    private final ClassicCodec codec;
    private final RedisPubSub redis;
    private final Duration requestsTimeout;
    private final ClassicMessageReceiver receiver;
    private final Runnable onClose;

    ClassicNamespaceAdapter(LocalNamespace local, ClassicNode node, Runnable onClose) {
        super(local, new PendingRequests<>(node.scheduler(), node.counters()::requestTimedOut), ACK_REPLIES);
        this.channels = new ClassicChannels(node.config().key(), local.name());
        this.codec = node.codec();
        this.redis = node.redis();
        this.requestsTimeout = node.config().requestsTimeout();
        boolean specific = node.config().publishOnSpecificResponseChannel();
        ClassicRequestHandler handler =
                new ClassicRequestHandler(uid, local, pending, new ClassicRequestHandler.Responder() {
                    @Override
                    public void respond(String requesterUid, ClassicResponse response) {
                        String channel = specific && requesterUid != null
                                ? channels.specificResponseChannel(requesterUid)
                                : channels.responseChannel();
                        redis.publish(channel, codec.encodeResponse(response));
                    }

                    @Override
                    public void respondShared(ClassicResponse response) {
                        redis.publish(channels.responseChannel(), codec.encodeResponse(response));
                    }
                });
        this.receiver = new ClassicMessageReceiver(
                uid, local, channels, codec, handler, pending, node.counters(), node.malformedLog());
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
        redis.subscribe(channels.requestChannel(), channels.responseChannel(), channels.specificResponseChannel(uid));
    }

    @Override
    protected CompletionStage<Long> publish(RemoteOperation operation) {
        if (operation instanceof RemoteOperation.Broadcast b && b.ackRequestId() == null) {
            return redis.publish(
                    channels.channelFor(b.opts()),
                    codec.encodeBroadcast(new ClassicBroadcast(uid, b.packet(), b.opts())));
        }
        return redis.publish(channels.requestChannel(), codec.encodeRequest(requestFor(operation)));
    }

    private ClassicRequest requestFor(RemoteOperation operation) {
        if (operation instanceof RemoteOperation.Broadcast b) {
            return new ClassicRequest.BroadcastWithAck(uid, b.ackRequestId(), b.packet(), b.opts());
        } else if (operation instanceof RemoteOperation.SocketsJoin j) {
            return new ClassicRequest.Join(uid, j.opts(), j.rooms());
        } else if (operation instanceof RemoteOperation.SocketsLeave l) {
            return new ClassicRequest.Leave(uid, l.opts(), l.rooms());
        } else if (operation instanceof RemoteOperation.DisconnectSockets d) {
            return new ClassicRequest.Disconnect(uid, d.opts(), d.close());
        }
        throw new IllegalArgumentException("no classic request for " + operation);
    }

    @Override
    protected String newRequestId() {
        return ClassicIds.next();
    }

    /** NUMSUB of the request channel; while Redis is away this node only knows about itself. */
    @Override
    protected CompletionStage<Integer> nodeCountOrSelf() {
        return redis.numsub(channels.requestChannel())
                .handle((count, error) -> error == null ? (int) Math.max(1, count) : 1);
    }

    @Override
    protected Duration ackTimeout(BroadcastOptions opts) {
        Long timeoutMs = opts.flags().timeoutMs();
        if (timeoutMs == null || timeoutMs <= 0) {
            throw new IllegalArgumentException("broadcast with acknowledgements needs a positive timeout flag");
        }
        return Duration.ofMillis(timeoutMs);
    }

    @Override
    public CompletionStage<List<SocketDetails>> fetchSockets(BroadcastOptions opts) {
        return Stages.guard(() -> {
            List<SocketDetails> localSockets = local.fetchSockets(opts);
            if (opts.flags().local()) {
                return CompletableFuture.completedFuture(localSockets);
            }
            return ask(
                    localSockets,
                    requestId -> new ClassicRequest.FetchSockets(uid, requestId, opts),
                    response -> response instanceof ClassicResponse.FetchSockets r ? r.sockets() : null,
                    expected -> received -> "timeout reached while waiting for fetchSockets response");
        });
    }

    @Override
    public CompletionStage<Set<String>> allRooms() {
        return Stages.guard(() -> ask(
                        List.copyOf(local.rooms()),
                        requestId -> new ClassicRequest.AllRooms(uid, requestId),
                        response -> response instanceof ClassicResponse.AllRooms r ? r.rooms() : null,
                        expected -> received -> "timeout reached while waiting for allRooms response")
                .thenApply(LinkedHashSet::new));
    }

    @Override
    public void serverSideEmit(List<Object> eventAndArgs) {
        redis.publish(
                channels.requestChannel(),
                codec.encodeRequest(new ClassicRequest.ServerSideEmit(uid, null, eventAndArgs)));
    }

    @Override
    public CompletionStage<List<Object>> serverSideEmitWithAck(List<Object> eventAndArgs) {
        return Stages.guard(() -> ask(
                List.of(),
                requestId -> new ClassicRequest.ServerSideEmit(uid, requestId, eventAndArgs),
                response -> response instanceof ClassicResponse.ServerSideEmitAck r ? single(r.data()) : null,
                AnswerCollector::onlySomeResponses));
    }

    @Override
    public CompletionStage<Integer> serverCount() {
        return Stages.guard(this::nodeCountOrSelf);
    }

    /**
     * The NUMSUB-counted request of fetchSockets and allRooms: one answer per other node, or the local
     * part alone when no other node listens or Redis cannot be reached.
     */
    private <T> CompletionStage<List<T>> ask(
            List<T> localPart,
            Function<String, ClassicRequest> request,
            Function<ClassicResponse, List<T>> extract,
            IntFunction<IntFunction<String>> timeoutMessage) {
        return redis.numsub(channels.requestChannel())
                .handle((count, error) -> error == null ? (int) (count - 1) : 0)
                .thenCompose(expected -> {
                    if (expected <= 0) {
                        return CompletableFuture.completedFuture(localPart);
                    }
                    String requestId = ClassicIds.next();
                    AnswerCollector<ClassicResponse, T> collector = pending.add(
                            requestId,
                            new AnswerCollector<>(expected, localPart, extract, timeoutMessage.apply(expected)),
                            requestsTimeout);
                    publishRequest(requestId, collector, request.apply(requestId));
                    return collector.result();
                });
    }

    /** A request that cannot be published will get no remote answer: stop waiting for one. */
    private void publishRequest(
            String requestId, PendingRequest<ClassicResponse> pendingRequest, ClassicRequest request) {
        redis.publish(channels.requestChannel(), codec.encodeRequest(request)).whenComplete((receivers, error) -> {
            if (error != null) {
                pending.update(requestId, pendingRequest::expectNoMoreRemoteAnswers);
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
