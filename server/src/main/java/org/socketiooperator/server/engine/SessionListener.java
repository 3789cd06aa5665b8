package org.socketiooperator.server.engine;

/**
 * What the Socket.IO layer hears from one Engine.IO session. Every call happens on the session's
 * event loop, in order.
 */
public interface SessionListener {

    void onMessage(String text);

    void onBinary(byte[] data);

    /** Once, with the Engine.IO close reason ({@code transport close}, {@code ping timeout}, ...). */
    void onClose(String reason);
}
