package org.socketiooperator.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Sharded adapter only: which channels a node subscribes to. */
public enum SubscriptionMode {
    @JsonProperty("static")
    STATIC("static"),
    @JsonProperty("dynamic")
    DYNAMIC("dynamic"),
    @JsonProperty("dynamic-private")
    DYNAMIC_PRIVATE("dynamic-private");

    private final String wireName;

    SubscriptionMode(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling used in manifests and in the node's environment. */
    public String wireName() {
        return wireName;
    }
}
