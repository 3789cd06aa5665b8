package org.socketiooperator.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Encoding of adapter messages; every node and emitter of a cluster must agree. */
public enum Parser {
    @JsonProperty("msgpack")
    MSGPACK("msgpack"),
    @JsonProperty("json")
    JSON("json");

    private final String wireName;

    Parser(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling used in manifests and in the node's environment. */
    public String wireName() {
        return wireName;
    }
}
