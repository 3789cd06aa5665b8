package org.socketiooperator.server.engine;

import java.util.List;

/** The Socket.IO layer's view of an Engine.IO session: send messages, close. Thread-safe. */
public interface EngineConnection {

    String id();

    /** Sends one text message followed by binary messages, atomically with respect to other sends. */
    void send(String text, List<byte[]> binaries, SendFlags flags);

    /** Sends a message shared with other sessions (a broadcast), then binary messages. */
    void send(SharedMessage message, List<byte[]> binaries, SendFlags flags);

    /** Closes the session; the listener hears {@code onClose(reason)}. Counted as a server close. */
    void close(String reason);

    /** Closes the session because of {@code cause}; the listener hears the cause's official reason. */
    void close(DisconnectCause cause);

    /** Runs {@code task} on the session's event loop (inline when already there). */
    void execute(Runnable task);

    io.netty.channel.EventLoop eventLoop();
}
