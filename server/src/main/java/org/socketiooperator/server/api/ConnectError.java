package org.socketiooperator.server.api;

/**
 * Refuses a connection from a middleware; the client receives {@code connect_error} with
 * {@code {message, data}}.
 */
public final class ConnectError extends RuntimeException {

    private final transient Object data;

    public ConnectError(String message) {
        this(message, null);
    }

    public ConnectError(String message, Object data) {
        super(message, null, false, false);
        this.data = data;
    }

    public Object data() {
        return data;
    }
}
