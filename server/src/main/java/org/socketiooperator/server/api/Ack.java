package org.socketiooperator.server.api;

/** Answers one acknowledgement request; only the first call is sent, later calls are ignored. */
@FunctionalInterface
public interface Ack {

    void send(Object... args);
}
