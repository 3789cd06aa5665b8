package org.socketiooperator.server.api;

/**
 * Runs before a socket joins its namespace ({@code io.use} / {@code nsp.use}). Call
 * {@link Next#proceed()} to let it in or {@link Next#refuse(ConnectError)} to send {@code connect_error};
 * either may happen later, from any thread. Throwing a {@link ConnectError} refuses too.
 */
@FunctionalInterface
public interface Middleware {

    void handle(Socket socket, Next next);

    /** Continuation of a middleware chain; only the first call counts. */
    interface Next {
        void proceed();

        void refuse(ConnectError error);
    }
}
