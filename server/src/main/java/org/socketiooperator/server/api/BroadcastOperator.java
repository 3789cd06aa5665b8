package org.socketiooperator.server.api;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Selects sockets across the cluster (rooms, exclusions, flags) and acts on them. Immutable: every
 * selector returns a new operator. Results come back through stages; nothing blocks.
 */
public interface BroadcastOperator {

    BroadcastOperator to(String... rooms);

    /** Same as {@link #to(String...)}, as in the official API. */
    default BroadcastOperator in(String... rooms) {
        return to(rooms);
    }

    BroadcastOperator except(String... rooms);

    /** Restricts the operation to this node. */
    BroadcastOperator local();

    /** The event may be dropped for clients that cannot take it right now. */
    BroadcastOperator volatileFlag();

    BroadcastOperator compress(boolean compress);

    /** Needed by {@link #emitWithAck}: how long to wait for the clients' acknowledgements. */
    BroadcastOperator timeout(Duration timeout);

    void emit(String event, Object... args);

    /** Completes with one answer per targeted client, or fails with a timeout carrying the answers received. */
    CompletionStage<List<Object>> emitWithAck(String event, Object... args);

    CompletionStage<List<RemoteSocket>> fetchSockets();

    CompletionStage<Void> socketsJoin(String... rooms);

    CompletionStage<Void> socketsLeave(String... rooms);

    CompletionStage<Void> disconnectSockets(boolean close);
}
