package org.socketiooperator.adapter.cluster;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.socketiooperator.adapter.LocalNamespace;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.adapter.Stages;
import org.socketiooperator.adapter.request.AckCollector;
import org.socketiooperator.adapter.request.PendingRequests;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;

/**
 * The operations every cluster adapter does the same way, whatever carries its messages (the counterpart of
 * socket.io-adapter's {@code ClusterAdapter}): act on this node's sockets first, so that local delivery keeps
 * working while Redis is away, then publish the operation for the other nodes unless {@code flags.local}
 * keeps it here. A subclass says how an operation travels ({@link #publish}), how its request ids look and
 * how it counts the nodes; the other operations (fetchSockets, serverSideEmit, ...) stay its own. A mode whose
 * broadcasts must learn something from Redis before local delivery (streams mode: the entry id is the
 * offset its sockets get) overrides broadcast and the room operations to publish first, keeping their order.
 *
 * @param <R> the mode's response type
 */
public abstract class LocalFirstNamespaceAdapter<R> implements NamespaceAdapter {

    protected final LocalNamespace local;
    protected final PendingRequests<R> pending;
    private final Function<R, AckCollector.Reply> ackReplies;

    /** @param ackReplies what one of the mode's responses means to a broadcast with acknowledgements */
    protected LocalFirstNamespaceAdapter(
            LocalNamespace local, PendingRequests<R> pending, Function<R, AckCollector.Reply> ackReplies) {
        this.local = local;
        this.pending = pending;
        this.ackReplies = ackReplies;
    }

    /**
     * Sends the operation to the other nodes. The stage completes once Redis took the message and fails when
     * it did not (a mode that never reports failures returns stages that never fail).
     */
    protected abstract CompletionStage<?> publish(RemoteOperation operation);

    /** A fresh request id, in the mode's format. */
    protected abstract String newRequestId();

    /** The nodes serving this namespace, this one included, or 1 while Redis cannot tell; never fails. */
    protected abstract CompletionStage<Integer> nodeCountOrSelf();

    /** The acknowledgement deadline the broadcast asks for; {@link IllegalArgumentException} when it has none. */
    protected Duration ackTimeout(BroadcastOptions opts) {
        Long timeoutMs = opts.flags().timeoutMs();
        if (timeoutMs == null) {
            throw new IllegalArgumentException("broadcast with acknowledgements needs flags.timeoutMs");
        }
        return Duration.ofMillis(timeoutMs);
    }

    @Override
    public void broadcast(EventPacket packet, BroadcastOptions opts) {
        local.broadcast(packet, opts);
        if (!opts.flags().local()) {
            publish(new RemoteOperation.Broadcast(packet, opts, null));
        }
    }

    /**
     * Every node, this one included, reports how many clients it wrote to, then their acknowledgements come;
     * the number of nodes to wait for is counted while the broadcast is under way. When the broadcast cannot
     * be published, this node's own answers settle it.
     */
    @Override
    public final CompletionStage<List<Object>> broadcastWithAck(EventPacket packet, BroadcastOptions opts) {
        return Stages.guard(() -> {
            Duration timeout = ackTimeout(opts);
            String requestId = newRequestId();
            AckCollector<R> request = pending.add(requestId, new AckCollector<>(ackReplies), timeout);
            if (!opts.flags().local()) {
                publish(new RemoteOperation.Broadcast(packet, opts, requestId)).whenComplete((sent, error) -> {
                    if (error != null) {
                        pending.update(requestId, request::expectNoMoreRemoteAnswers);
                    }
                });
            }
            int clients =
                    local.broadcastWithAck(packet, opts, ack -> pending.update(requestId, () -> request.ack(ack)));
            pending.update(requestId, () -> request.nodeReported(clients));
            if (opts.flags().local()) {
                pending.update(requestId, () -> request.expectReports(1));
            } else {
                nodeCountOrSelf().thenAccept(nodes -> pending.update(requestId, () -> request.expectReports(nodes)));
            }
            return request.result();
        });
    }

    @Override
    public CompletionStage<Void> socketsJoin(BroadcastOptions opts, Collection<String> rooms) {
        return Stages.guard(() -> {
            local.addSocketsToRooms(opts, rooms);
            return publishUnlessLocal(opts, () -> new RemoteOperation.SocketsJoin(opts, List.copyOf(rooms)));
        });
    }

    @Override
    public CompletionStage<Void> socketsLeave(BroadcastOptions opts, Collection<String> rooms) {
        return Stages.guard(() -> {
            local.removeSocketsFromRooms(opts, rooms);
            return publishUnlessLocal(opts, () -> new RemoteOperation.SocketsLeave(opts, List.copyOf(rooms)));
        });
    }

    @Override
    public CompletionStage<Void> disconnectSockets(BroadcastOptions opts, boolean close) {
        return Stages.guard(() -> {
            local.disconnectSockets(opts, close);
            return publishUnlessLocal(opts, () -> new RemoteOperation.DisconnectSockets(opts, close));
        });
    }

    /** Completes once the operation is handed to Redis, or failed to be: the local part is already done. */
    private CompletionStage<Void> publishUnlessLocal(BroadcastOptions opts, Supplier<RemoteOperation> operation) {
        if (opts.flags().local()) {
            return CompletableFuture.completedFuture(null);
        }
        return publish(operation.get()).handle((sent, error) -> null);
    }
}
