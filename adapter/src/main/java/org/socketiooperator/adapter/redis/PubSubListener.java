package org.socketiooperator.adapter.redis;

/** Receives every message of the shared subscriber connection; runs on a Redis I/O thread. */
@FunctionalInterface
public interface PubSubListener {

    /** {@code pattern} is null for a plain channel subscription. */
    void onMessage(String pattern, String channel, byte[] payload);
}
