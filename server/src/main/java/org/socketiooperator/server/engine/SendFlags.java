package org.socketiooperator.server.engine;

/**
 * How one outgoing packet is sent: {@code volatileFlag} drops it when the transport cannot take it now;
 * {@code compress} false sends its WebSocket frames without permessage-deflate (the official
 * {@code compress(false)}); polling bodies are never compressed by the server.
 */
public record SendFlags(boolean volatileFlag, boolean compress) {

    public static final SendFlags NORMAL = new SendFlags(false, true);
}
