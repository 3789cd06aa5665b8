package org.socketiooperator.server.engine;

/** The official Engine.IO request errors, sent as {@code {"code":N,"message":"..."}}. */
public enum EngineError {
    UNKNOWN_TRANSPORT(0, "Transport unknown", 400),
    UNKNOWN_SID(1, "Session ID unknown", 400),
    BAD_HANDSHAKE_METHOD(2, "Bad handshake method", 400),
    BAD_REQUEST(3, "Bad request", 400),
    FORBIDDEN(4, "Forbidden", 403),
    UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version", 400);

    private final int code;
    private final String message;
    private final int status;

    EngineError(int code, String message, int status) {
        this.code = code;
        this.message = message;
        this.status = status;
    }

    public int status() {
        return status;
    }

    public String json() {
        return "{\"code\":" + code + ",\"message\":\"" + message + "\"}";
    }
}
