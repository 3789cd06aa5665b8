package org.socketiooperator.nettysocketio;

import com.corundumstudio.socketio.SocketIOClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.socketiooperator.adapter.Stages;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.SocketDetails;

/**
 * One namespace across the cluster ({@code io.of(name)} of Socket.IO) for a netty-socketio application:
 * targets every socket of the namespace on every node until narrowed with {@link #to} / {@link #except}.
 * Obtain it from {@link ClusterStoreFactory#of(String)}.
 */
public final class ClusterNamespace {

    private final BridgedNamespace namespace;
    private final ClusterOperator all;
    private final ServerSideListeners serverSideListeners;

    ClusterNamespace(BridgedNamespace namespace, ServerSideListeners serverSideListeners) {
        this.namespace = namespace;
        this.serverSideListeners = serverSideListeners;
        this.all = new ClusterOperator(namespace, BroadcastOptions.ALL);
    }

    /** The Socket.IO name: {@code "/"} for netty-socketio's main namespace. */
    public String name() {
        return namespace.name();
    }

    public ClusterOperator to(String... rooms) {
        return all.to(rooms);
    }

    public ClusterOperator in(String... rooms) {
        return all.to(rooms);
    }

    public ClusterOperator except(String... rooms) {
        return all.except(rooms);
    }

    public ClusterOperator except(SocketIOClient... clients) {
        return all.except(clients);
    }

    public ClusterOperator local() {
        return all.local();
    }

    public ClusterOperator volatileFlag() {
        return all.volatileFlag();
    }

    public ClusterOperator compress(boolean compress) {
        return all.compress(compress);
    }

    public ClusterOperator timeout(Duration timeout) {
        return all.timeout(timeout);
    }

    public void emit(String event, Object... args) {
        all.emit(event, args);
    }

    public CompletionStage<List<Object>> emitWithAck(String event, Object... args) {
        return all.emitWithAck(event, args);
    }

    public CompletionStage<List<SocketDetails>> fetchSockets() {
        return all.fetchSockets();
    }

    public CompletionStage<Void> socketsJoin(String... rooms) {
        return all.socketsJoin(rooms);
    }

    public CompletionStage<Void> socketsLeave(String... rooms) {
        return all.socketsLeave(rooms);
    }

    public CompletionStage<Void> disconnectSockets(boolean close) {
        return all.disconnectSockets(close);
    }

    /** Runs the event on the {@code serverSideEmit} listeners of every other node of the cluster. */
    public void serverSideEmit(String event, Object... args) {
        namespace.adapter().serverSideEmit(eventAndArgs(event, args));
    }

    /** One answer per other node; fails with a {@code RequestTimeoutException} carrying the answers received. */
    public CompletionStage<List<Object>> serverSideEmitWithAck(String event, Object... args) {
        return Stages.guard(() -> namespace.adapter().serverSideEmitWithAck(eventAndArgs(event, args)));
    }

    /** Listens for {@code serverSideEmit} from other nodes (Node.js servers, Java nodes, other bridges). */
    public ClusterNamespace onServerSideEmit(String event, ServerSideListener listener) {
        serverSideListeners.add(namespace.name(), event, listener);
        return this;
    }

    /** How many nodes serve this namespace, this one included. */
    public CompletionStage<Integer> serverCount() {
        return Stages.guard(() -> namespace.adapter().serverCount());
    }

    /** Every room of every node, socket ids included. */
    public CompletionStage<Set<String>> allRooms() {
        return Stages.guard(() -> namespace.adapter().allRooms());
    }

    private List<Object> eventAndArgs(String event, Object[] args) {
        List<Object> data = new ArrayList<>(args.length + 1);
        data.add(event);
        data.addAll(namespace.values().plain(Arrays.asList(args)));
        return data;
    }
}
