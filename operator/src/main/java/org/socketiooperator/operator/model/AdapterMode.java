package org.socketiooperator.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The Redis adapter: classic PUBLISH/SUBSCRIBE, sharded SPUBLISH/SSUBSCRIBE (Redis 7+), or streams (a Redis stream,
 * @socket.io/redis-streams-adapter; sessions recover on any pod).
 */
public enum AdapterMode {
    @JsonProperty("classic")
    CLASSIC("classic"),
    @JsonProperty("sharded")
    SHARDED("sharded"),
    @JsonProperty("streams")
    STREAMS("streams");

    private final String wireName;

    AdapterMode(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling used in manifests and in the node's environment. */
    public String wireName() {
        return wireName;
    }
}
