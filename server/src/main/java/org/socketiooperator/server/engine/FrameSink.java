package org.socketiooperator.server.engine;

/** One WebSocket connection as a session writes to it; implemented by the Netty layer. */
public interface FrameSink {

    void sendText(String text);

    /** A text frame from bytes already in UTF-8, which may be shared with other connections. */
    void sendText(byte[] utf8);

    void sendBinary(byte[] data);

    void flush();

    /** False while the socket's outbound buffer is above its high-water mark. */
    boolean writable();

    void close();
}
