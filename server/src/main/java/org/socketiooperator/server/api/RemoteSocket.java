package org.socketiooperator.server.api;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A socket returned by {@code fetchSockets}, on this node or another one. Every action travels through
 * the adapter, so it works wherever the socket lives.
 */
public interface RemoteSocket {

    String id();

    Handshake handshake();

    Set<String> rooms();

    Object data();

    void emit(String event, Object... args);

    /** Completes with the client's first acknowledgement argument. */
    CompletionStage<Object> emitWithAck(Duration timeout, String event, Object... args);

    CompletionStage<Void> join(String... rooms);

    CompletionStage<Void> leave(String... rooms);

    CompletionStage<Void> disconnect(boolean close);
}
