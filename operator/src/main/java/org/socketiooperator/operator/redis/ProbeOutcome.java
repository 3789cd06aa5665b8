package org.socketiooperator.operator.redis;

/** The result of checking a Redis endpoint: what was found, or why it could not be used. */
public sealed interface ProbeOutcome {

    /** The endpoint described, for status and messages (never with credentials). */
    String endpoint();

    /**
     * Redis answered PING with the configured credentials.
     *
     * @param version the server's redis_version
     * @param topology standalone or cluster, from redis_mode
     * @param shardedPubSub whether SPUBLISH/SSUBSCRIBE exist (Redis 7+)
     */
    record Reachable(String endpoint, String version, DetectedTopology topology, boolean shardedPubSub)
            implements ProbeOutcome {}

    /**
     * Redis could not be used.
     *
     * @param reason a CamelCase reason for the condition
     * @param message what went wrong and what to change, without secrets
     */
    record Unreachable(String endpoint, String reason, String message) implements ProbeOutcome {}

    /** Redis deployment shapes the operator can detect. */
    enum DetectedTopology {
        STANDALONE("standalone"),
        CLUSTER("cluster");

        private final String wireName;

        DetectedTopology(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
