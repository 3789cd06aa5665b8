package org.socketiooperator.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An Engine.IO transport. */
public enum Transport {
    @JsonProperty("polling")
    POLLING("polling"),
    @JsonProperty("websocket")
    WEBSOCKET("websocket");

    private final String wireName;

    Transport(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling used in manifests and in the node's environment. */
    public String wireName() {
        return wireName;
    }
}
