package org.socketiooperator.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Redis deployment shape; auto means detected by the operator. */
public enum RedisTopology {
    @JsonProperty("auto")
    AUTO("auto"),
    @JsonProperty("standalone")
    STANDALONE("standalone"),
    @JsonProperty("cluster")
    CLUSTER("cluster");

    private final String wireName;

    RedisTopology(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling used in manifests and in the node's environment. */
    public String wireName() {
        return wireName;
    }
}
