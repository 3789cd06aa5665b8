package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.Map;

/** The client Service: sticky by client IP by default, so HTTP long-polling keeps hitting one node. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServiceSpec(
        @Default("ClusterIP") @JsonPropertyDescription("ClusterIP, NodePort or LoadBalancer.")
        ServiceType type,

        @Min(1) @Max(65535) @Default("" + Defaults.SERVICE_PORT) @JsonPropertyDescription("Port of the client Service.")
        Integer port,

        @JsonPropertyDescription("Annotations of the client Service (e.g. for a cloud load balancer).")
        Map<String, String> annotations,

        @Min(1)
        @Max(86400)
        @Default("" + Defaults.SESSION_AFFINITY_TIMEOUT_SECONDS)
        @JsonPropertyDescription("How long a client IP sticks to one node, in seconds (with sessionAffinity ClientIP).")
        Integer sessionAffinityTimeoutSeconds,

        @Default("ClientIP")
        @JsonPropertyDescription("ClientIP (default: long-polling needs every request of a session on one node) or None"
                + " (enough when clients use WebSocket only; spreads reconnecting clients over all nodes).")
        SessionAffinity sessionAffinity) {

    public static final ServiceSpec DEFAULT = new ServiceSpec(null, null, null, null, null);

    public ServiceSpec {
        type = or(type, ServiceType.CLUSTER_IP);
        port = or(port, Defaults.SERVICE_PORT);
        annotations = or(annotations, Map.of());
        sessionAffinityTimeoutSeconds = or(sessionAffinityTimeoutSeconds, Defaults.SESSION_AFFINITY_TIMEOUT_SECONDS);
        sessionAffinity = or(sessionAffinity, SessionAffinity.CLIENT_IP);
    }
}
