package org.socketiooperator.server.api;

import java.util.List;

/**
 * Runs for every incoming event of one socket ({@code socket.use}) with {@code [event, args...]}.
 * Call {@code next.proceed()} to deliver the event, {@code next.refuse(error)} to drop it and emit an
 * {@code error} event on the server-side socket's listeners instead.
 */
@FunctionalInterface
public interface SocketMiddleware {

    void handle(List<Object> eventAndArgs, Middleware.Next next);
}
