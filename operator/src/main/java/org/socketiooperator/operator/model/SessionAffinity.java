package org.socketiooperator.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the client Service keeps a client on one node. Long-polling needs {@code ClientIP} (every request of
 * a session must reach the node that holds it); WebSocket-only deployments need none.
 */
public enum SessionAffinity {
    @JsonProperty("ClientIP")
    CLIENT_IP("ClientIP"),
    @JsonProperty("None")
    NONE("None");

    private final String wireName;

    SessionAffinity(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling of the Service's {@code sessionAffinity}. */
    public String wireName() {
        return wireName;
    }
}
