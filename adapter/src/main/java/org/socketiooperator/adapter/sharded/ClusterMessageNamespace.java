package org.socketiooperator.adapter.sharded;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.socketiooperator.adapter.LocalNamespace;
import org.socketiooperator.adapter.Stages;
import org.socketiooperator.adapter.cluster.LocalFirstNamespaceAdapter;
import org.socketiooperator.adapter.request.AckCollector;
import org.socketiooperator.adapter.request.AnswerCollector;
import org.socketiooperator.adapter.request.PendingRequests;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.SocketDetails;
import org.socketiooperator.protocol.sharded.ClusterMessage;
import org.socketiooperator.protocol.sharded.ClusterMessage.BroadcastAck;
import org.socketiooperator.protocol.sharded.ClusterMessage.BroadcastClientCount;
import org.socketiooperator.protocol.sharded.ClusterMessage.FetchSockets;
import org.socketiooperator.protocol.sharded.ClusterMessage.FetchSocketsResponse;
import org.socketiooperator.protocol.sharded.ClusterMessage.ServerSideEmit;
import org.socketiooperator.protocol.sharded.ClusterMessage.ServerSideEmitResponse;

/**
 * The requests that the sharded and the streams adapter make alike: both speak socket.io-adapter's
 * {@code ClusterAdapter} messages and differ only in how a message reaches the other nodes and how they are
 * counted. A request that never left settles at once with the local part: no answer can come.
 */
public abstract class ClusterMessageNamespace extends LocalFirstNamespaceAdapter<ClusterMessage.Response> {

    /** socket.io-adapter's fixed deadline for fetchSockets without {@code .timeout()} and for serverSideEmit acks. */
    public static final long DEFAULT_TIMEOUT_MS = 5000;

    /** Other nodes report their client count with type 11 and forward answers with type 12. */
    public static final Function<ClusterMessage.Response, AckCollector.Reply> ACK_REPLIES =
            response -> response instanceof BroadcastClientCount count
                    ? new AckCollector.Reply.ClientCount(count.clientCount())
                    : response instanceof BroadcastAck ack ? new AckCollector.Reply.Ack(ack.packet()) : null;

    protected final String uid = ShardedIds.next();

    protected ClusterMessageNamespace(LocalNamespace local, PendingRequests<ClusterMessage.Response> pending) {
        super(local, pending, ACK_REPLIES);
    }

    /** Sends a request (or a message that expects no answer) to every other node of this namespace. */
    protected abstract CompletionStage<?> sendToOthers(ClusterMessage message);

    @Override
    protected final String newRequestId() {
        return ShardedIds.next();
    }

    @Override
    public CompletionStage<List<SocketDetails>> fetchSockets(BroadcastOptions opts) {
        return Stages.guard(() -> {
            List<SocketDetails> localSockets = local.fetchSockets(opts);
            if (opts.flags().local()) {
                return CompletableFuture.completedFuture(localSockets);
            }
            long timeout = opts.flags().timeoutMs() != null ? opts.flags().timeoutMs() : DEFAULT_TIMEOUT_MS;
            return nodeCountOrSelf().thenCompose(count -> {
                if (count - 1 <= 0) {
                    return CompletableFuture.completedFuture(localSockets);
                }
                String requestId = newRequestId();
                AnswerCollector<ClusterMessage.Response, SocketDetails> collector = new AnswerCollector<>(
                        count - 1,
                        localSockets,
                        r -> r instanceof FetchSocketsResponse answer ? answer.sockets() : null,
                        AnswerCollector.onlySomeResponses(count - 1));
                pending.add(requestId, collector, Duration.ofMillis(timeout));
                sendRequest(requestId, collector, new FetchSockets(uid, local.name(), opts, requestId));
                return collector.result();
            });
        });
    }

    @Override
    public void serverSideEmit(List<Object> eventAndArgs) {
        sendToOthers(new ServerSideEmit(uid, local.name(), List.copyOf(eventAndArgs), null));
    }

    @Override
    public CompletionStage<List<Object>> serverSideEmitWithAck(List<Object> eventAndArgs) {
        return Stages.guard(() -> nodeCountOrSelf().thenCompose(count -> {
            if (count - 1 <= 0) {
                return CompletableFuture.completedFuture(List.<Object>of());
            }
            String requestId = newRequestId();
            AnswerCollector<ClusterMessage.Response, Object> collector = new AnswerCollector<>(
                    count - 1,
                    List.of(),
                    r -> r instanceof ServerSideEmitResponse answer ? Collections.singletonList(answer.packet()) : null,
                    AnswerCollector.onlySomeResponses(count - 1));
            pending.add(requestId, collector, Duration.ofMillis(DEFAULT_TIMEOUT_MS));
            sendRequest(
                    requestId, collector, new ServerSideEmit(uid, local.name(), List.copyOf(eventAndArgs), requestId));
            return collector.result();
        }));
    }

    /** When the request never left, no answer will come: the local part settles it at once. */
    private void sendRequest(
            String requestId, AnswerCollector<ClusterMessage.Response, ?> collector, ClusterMessage message) {
        sendToOthers(message).whenComplete((ignored, error) -> {
            if (error != null) {
                pending.update(requestId, collector::expectNoMoreRemoteAnswers);
            }
        });
    }
}
