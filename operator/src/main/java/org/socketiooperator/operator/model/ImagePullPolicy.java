package org.socketiooperator.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the kubelet pulls the node image. */
public enum ImagePullPolicy {
    @JsonProperty("Always")
    Always("Always"),
    @JsonProperty("IfNotPresent")
    IfNotPresent("IfNotPresent"),
    @JsonProperty("Never")
    Never("Never");

    private final String wireName;

    ImagePullPolicy(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling used in manifests and in the node's environment. */
    public String wireName() {
        return wireName;
    }
}
