package org.socketiooperator.server.api;

import java.util.List;

/**
 * Handles one client event. {@code ack} is null when the client asked for no acknowledgement.
 * Runs on the connection's event loop: never block here.
 */
@FunctionalInterface
public interface EventListener {

    void onEvent(List<Object> args, Ack ack);
}
