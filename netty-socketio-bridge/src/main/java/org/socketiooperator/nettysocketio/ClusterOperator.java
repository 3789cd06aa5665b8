package org.socketiooperator.nettysocketio;

import com.corundumstudio.socketio.SocketIOClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.socketiooperator.adapter.Stages;
import org.socketiooperator.protocol.model.BroadcastFlags;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.model.SocketDetails;

/**
 * Selects sockets across the whole cluster, as {@code io.to(...).except(...)} does in Socket.IO, and acts
 * on them; netty-socketio's {@code BroadcastOperations} cannot express except-rooms, several rooms
 * without duplicates, cluster-wide acknowledgements or any request. Immutable: each selector returns a new
 * operator. Socket ids (netty-socketio's UUIDs, or other nodes' 20-character ids) are rooms too.
 * Arguments are written with the server's own JSON support, exactly as netty-socketio would send them.
 * Nothing blocks; answers come through stages.
 */
public final class ClusterOperator {

    private final BridgedNamespace namespace;
    private final BroadcastOptions opts;

    ClusterOperator(BridgedNamespace namespace, BroadcastOptions opts) {
        this.namespace = namespace;
        this.opts = opts;
    }

    public ClusterOperator to(String... rooms) {
        Set<String> all = new LinkedHashSet<>(opts.rooms());
        all.addAll(Arrays.asList(rooms));
        return new ClusterOperator(namespace, new BroadcastOptions(all, opts.except(), opts.flags()));
    }

    public ClusterOperator in(String... rooms) {
        return to(rooms);
    }

    public ClusterOperator except(String... rooms) {
        Set<String> all = new LinkedHashSet<>(opts.except());
        all.addAll(Arrays.asList(rooms));
        return new ClusterOperator(namespace, new BroadcastOptions(opts.rooms(), all, opts.flags()));
    }

    /** Leaves these netty-socketio clients out ({@code socket.broadcast} is {@code except(socket)}). */
    public ClusterOperator except(SocketIOClient... clients) {
        return except(
                Arrays.stream(clients).map(c -> c.getSessionId().toString()).toArray(String[]::new));
    }

    /** Only this node's sockets. */
    public ClusterOperator local() {
        return withFlags(opts.flags().withLocal(true));
    }

    /** Other nodes may drop the event for clients that cannot take it now; here, clients whose channel is not writable. */
    public ClusterOperator volatileFlag() {
        return withFlags(opts.flags().withVolatile(true));
    }

    /** Passed on to the other nodes; netty-socketio has no per-message compression switch, so not applied here. */
    public ClusterOperator compress(boolean compress) {
        return withFlags(opts.flags().withCompress(compress));
    }

    /** Required by {@link #emitWithAck}: how long to wait for the clients' acknowledgements. */
    public ClusterOperator timeout(Duration timeout) {
        return withFlags(opts.flags().withTimeoutMs(timeout.toMillis()));
    }

    private ClusterOperator withFlags(BroadcastFlags flags) {
        return new ClusterOperator(namespace, opts.withFlags(flags));
    }

    BroadcastOptions options() {
        return opts;
    }

    public void emit(String event, Object... args) {
        namespace.adapter().broadcast(packet(event, args), opts);
    }

    /**
     * Sends to every selected socket of the cluster with an acknowledgement and completes with every
     * answer (each client's first argument), or fails with a {@code RequestTimeoutException} carrying the
     * answers received in time. Needs {@link #timeout}.
     */
    public CompletionStage<List<Object>> emitWithAck(String event, Object... args) {
        return Stages.guard(() -> namespace.adapter().broadcastWithAck(packet(event, args), opts));
    }

    /** Every selected socket of the cluster: id, handshake, rooms and data. */
    public CompletionStage<List<SocketDetails>> fetchSockets() {
        return Stages.guard(() -> namespace.adapter().fetchSockets(opts));
    }

    public CompletionStage<Void> socketsJoin(String... rooms) {
        return Stages.guard(() -> namespace.adapter().socketsJoin(opts, List.of(rooms)));
    }

    public CompletionStage<Void> socketsLeave(String... rooms) {
        return Stages.guard(() -> namespace.adapter().socketsLeave(opts, List.of(rooms)));
    }

    /** {@code close} also closes the sockets' connections (every namespace of them). */
    public CompletionStage<Void> disconnectSockets(boolean close) {
        return Stages.guard(() -> namespace.adapter().disconnectSockets(opts, close));
    }

    private EventPacket packet(String event, Object[] args) {
        List<Object> data = new ArrayList<>(args.length + 1);
        data.add(event);
        data.addAll(namespace.values().plain(Arrays.asList(args)));
        return new EventPacket(namespace.name(), data);
    }
}
