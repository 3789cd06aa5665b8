package org.socketiooperator.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Kubernetes Service type of the client Service. */
public enum ServiceType {
    @JsonProperty("ClusterIP")
    CLUSTER_IP("ClusterIP"),
    @JsonProperty("NodePort")
    NODE_PORT("NodePort"),
    @JsonProperty("LoadBalancer")
    LOAD_BALANCER("LoadBalancer");

    private final String wireName;

    ServiceType(String wireName) {
        this.wireName = wireName;
    }

    /** The spelling used in manifests and in the node's environment. */
    public String wireName() {
        return wireName;
    }
}
