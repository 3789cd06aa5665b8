package org.socketiooperator.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Redis Pub/Sub flavour: classic PUBLISH/SUBSCRIBE, or sharded SPUBLISH/SSUBSCRIBE (Redis 7+). */
public enum AdapterMode {
    @JsonProperty("classic")
    CLASSIC("classic"),
    @JsonProperty("sharded")
    SHARDED("sharded");

    private final String wireName;

    AdapterMode(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling used in manifests and in the node's environment. */
    public String wireName() {
        return wireName;
    }
}
