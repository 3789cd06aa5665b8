package org.socketiooperator.emitter;

/**
 * Which adapter the cluster runs: the emitter must speak the same transport, since classic {@code PUBLISH},
 * sharded {@code SPUBLISH} and stream entries never reach each other's readers.
 */
public enum EmitterMode {
    /** {@code createAdapter}: what {@code @socket.io/redis-emitter} 5.x publishes. */
    CLASSIC,
    /** {@code createShardedAdapter}: ClusterMessage envelopes with uid {@code emitter}, sent with SPUBLISH. */
    SHARDED,
    /**
     * {@code @socket.io/redis-streams-adapter}: broadcasts and room operations XADD'ed to the namespace's
     * stream (nodes give a broadcast its entry id as recovery offset), serverSideEmit over Pub/Sub.
     */
    STREAMS
}
