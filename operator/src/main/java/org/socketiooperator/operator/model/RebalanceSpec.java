package org.socketiooperator.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Rebalancing after a scale-out (docs/node-contract.md, "Rebalance"), off by default. Unless {@code enabled} is
 * true nothing reaches the node's environment, so turning it off, or never turning it on, changes no pod. The
 * other fields are written only when set; the node's defaults apply otherwise (10 a second, 20 %, 30 s).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RebalanceSpec(
        @JsonPropertyDescription("Let nodes above the cluster's mean client count disconnect their excess so that it"
                + " reconnects to other nodes (after a scale-out, new nodes otherwise get only new clients); default"
                + " false. Effective only where a reconnect may reach another node: service.sessionAffinity None, and"
                + " no cookie-sticky Ingress or HTTPRoute (a Warning condition says so otherwise).")
        Boolean enabled,

        @Min(1)
        @Max(10000)
        @JsonPropertyDescription(
                "Clients one node disconnects per second at most while it rebalances; the node's default is 10.")
        Integer maxDisconnectsPerSecond,

        @Min(0)
        @Max(1000)
        @JsonPropertyDescription(
                "A node sheds only what it holds above the mean plus this many percent; the node's" + " default is 20.")
        Integer tolerancePercent,

        @Min(1)
        @Max(3600)
        @JsonPropertyDescription("Seconds between two rebalance rounds (and after a round's last disconnect); the"
                + " node's default is 30.")
        Integer intervalSeconds) {

    public static final RebalanceSpec DISABLED = new RebalanceSpec(null, null, null, null);

    public boolean on() {
        return Boolean.TRUE.equals(enabled);
    }
}
