package org.socketiooperator.adapter;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.socketiooperator.adapter.recovery.RestoredSession;
import org.socketiooperator.adapter.recovery.SocketSession;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.model.SocketDetails;

/**
 * The cluster-wide operations of one namespace. Every operation reaches the matching sockets of every
 * node exactly once, this node's included, unless {@code opts.flags().local()} restricts it to this node.
 * Nothing here blocks: cross-node answers arrive through the returned stages, which always complete
 * (at the latest after the request timeout), even while Redis is unreachable.
 */
public interface NamespaceAdapter extends AutoCloseable {

    void broadcast(EventPacket packet, BroadcastOptions opts);

    /**
     * Broadcasts and collects every client's acknowledgement. {@code opts.flags().timeoutMs()} is
     * required. Completes with all acknowledgements once every targeted client in the cluster answered,
     * or exceptionally with {@link RequestTimeoutException} carrying the answers received in time.
     */
    CompletionStage<List<Object>> broadcastWithAck(EventPacket packet, BroadcastOptions opts);

    CompletionStage<Void> socketsJoin(BroadcastOptions opts, Collection<String> rooms);

    CompletionStage<Void> socketsLeave(BroadcastOptions opts, Collection<String> rooms);

    CompletionStage<Void> disconnectSockets(BroadcastOptions opts, boolean close);

    CompletionStage<List<SocketDetails>> fetchSockets(BroadcastOptions opts);

    /** Runs the event on the server-side listeners of every other node; no answer is expected. */
    void serverSideEmit(List<Object> eventAndArgs);

    /**
     * Runs the event on every other node and collects one answer per node; fails with
     * {@link RequestTimeoutException} (carrying the answers received) when some node does not answer.
     */
    CompletionStage<List<Object>> serverSideEmitWithAck(List<Object> eventAndArgs);

    /** The number of nodes serving this namespace, this one included. */
    CompletionStage<Integer> serverCount();

    /** Every room of every node (socket id rooms included). */
    CompletionStage<Set<String>> allRooms();

    /**
     * Keeps a disconnected socket's session for connection state recovery. Adapters that cannot recover
     * sessions (the Pub/Sub modes, as in the official packages) ignore it.
     */
    default void persistSession(SocketSession session) {
        // nothing kept
    }

    /**
     * Finds the session of {@code pid} and the packets its socket missed after {@code offset} (the last
     * offset the client saw). Empty when the session expired, is unknown, or the offset is no longer kept;
     * the client then connects as a new socket. Never fails: errors arrive as empty.
     */
    default CompletionStage<Optional<RestoredSession>> restoreSession(String pid, String offset) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    /**
     * The order of this adapter's offsets, or null when it keeps none. With an order the server closes the
     * gap between {@link #restoreSession} and the restored socket joining its rooms: it joins them first,
     * holds the live packets meanwhile, asks {@link #packetsSince} for what came after the last replayed
     * offset, and then writes only the held packets past it, so nothing is missed, repeated or reordered.
     */
    default Comparator<String> offsetOrder() {
        return null;
    }

    /**
     * The kept packets ({@code [event, args..., offset]}) after {@code offset} that a socket in {@code rooms}
     * would have received, oldest first: the catch-up after a restore. Never fails: errors arrive as empty.
     */
    default CompletionStage<List<List<Object>>> packetsSince(List<String> rooms, String offset) {
        return CompletableFuture.completedFuture(List.of());
    }

    /** Stops listening for this namespace; nothing is published. */
    @Override
    void close();
}
