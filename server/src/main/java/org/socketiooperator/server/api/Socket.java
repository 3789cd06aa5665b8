package org.socketiooperator.server.api;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One client connected to one namespace. Its {@link #id()} is 20 characters, specific to the namespace
 * and distinct from the Engine.IO session id. Listeners run on the connection's event loop.
 */
public interface Socket {

    String id();

    Namespace namespace();

    Handshake handshake();

    boolean connected();

    /**
     * Whether this socket continues an earlier one after a short disconnection (connection state
     * recovery): same id, rooms and data, and the packets it missed were sent before it connected.
     */
    boolean recovered();

    /** Application data; {@code fetchSockets} ships it to other nodes, so keep it to plain values. */
    Object data();

    void data(Object value);

    Set<String> rooms();

    void join(String... rooms);

    void leave(String room);

    Socket on(String event, EventListener listener);

    /** Called with the disconnect reason, once. */
    Socket onDisconnect(Consumer<String> listener);

    Socket use(SocketMiddleware middleware);

    /** Emits to this client; when the last argument is an {@link AckCallback} the client's answer goes there. */
    void emit(String event, Object... args);

    /** Emits with an acknowledgement, failing with a {@link java.util.concurrent.TimeoutException} after {@code timeout}. */
    CompletionStage<List<Object>> emitWithAck(Duration timeout, String event, Object... args);

    /** Everyone in the rooms but this socket ({@code socket.to(room).emit}). */
    BroadcastOperator to(String... rooms);

    BroadcastOperator except(String... rooms);

    /** Every socket of the namespace but this one. */
    BroadcastOperator broadcast();

    /** Sends DISCONNECT for this namespace; {@code close} also closes the underlying connection. */
    void disconnect(boolean close);

    /** Receives the client's acknowledgement arguments of an {@link #emit} call. */
    @FunctionalInterface
    interface AckCallback {
        void onAck(List<Object> args);
    }
}
