package org.socketiooperator.adapter.config;

/**
 * {@code classic}: PUBLISH/SUBSCRIBE; {@code sharded}: SPUBLISH/SSUBSCRIBE (Redis 7+); {@code streams}: a Redis
 * stream for broadcasts and room changes, Pub/Sub for requests, sessions kept for connection state recovery.
 */
public enum AdapterMode {
    CLASSIC,
    SHARDED,
    STREAMS
}
