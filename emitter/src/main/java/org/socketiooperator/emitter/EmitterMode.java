package org.socketiooperator.emitter;

/**
 * Which adapter the cluster runs: the emitter must speak the same Pub/Sub flavour, since classic
 * {@code PUBLISH} and sharded {@code SPUBLISH} never reach each other's subscribers.
 */
public enum EmitterMode {
    /** {@code createAdapter}: what {@code @socket.io/redis-emitter} 5.x publishes. */
    CLASSIC,
    /** {@code createShardedAdapter}: ClusterMessage envelopes with uid {@code emitter}, sent with SPUBLISH. */
    SHARDED
}
