package org.socketiooperator.server.engine;

import io.netty.channel.EventLoop;

/** One WebSocket connection as a session writes to it; implemented by the Netty layer. */
public interface FrameSink {

    /** {@code compress} false keeps the frame out of permessage-deflate, when the client negotiated it. */
    void sendText(String text, boolean compress);

    /**
     * A text frame whose bytes are shared with every other connection it goes to: encoded once, and with
     * compression on, deflated once for all of them.
     */
    void sendShared(SharedMessage message, boolean compress);

    void sendBinary(byte[] data, boolean compress);

    void flush();

    /** False while the socket's outbound buffer is above its high-water mark. */
    boolean writable();

    /** Bytes written to this connection and not yet taken by the client's socket. */
    long pendingBytes();

    /** Closes gracefully: a close frame, then the connection (forced after a short grace). */
    void close();

    /** Closes at once, dropping what is queued: for a client that does not read. */
    void abort();

    /** The loop that writes this connection: when it is the session's own, frames go out without a hop. */
    EventLoop eventLoop();
}
