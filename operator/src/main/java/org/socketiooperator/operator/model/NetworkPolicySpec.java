package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;

/**
 * The NetworkPolicy of the node pods, on unless turned off: clients on the Socket.IO port, the management port
 * only from the peers the user names, and out only to DNS and the Redis ports (docs/adr/0004-network-policy.md).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkPolicySpec(
        @Default("true")
        @JsonPropertyDescription("Create the NetworkPolicy (it takes effect only where the network plugin enforces"
                + " NetworkPolicies). false: none, every port open as before.")
        Boolean enabled,

        @JsonPropertyDescription("Who may reach the Socket.IO port (core/v1 NetworkPolicyPeer: kubectl explain"
                + " networkpolicy.spec.ingress.from), e.g. the ingress controller's namespace; empty: from anywhere.")
        List<NetworkPolicyPeer> clientsFrom,

        @JsonPropertyDescription("Who may reach the management port (metrics, health), e.g. the monitoring namespace"
                + " (core/v1 NetworkPolicyPeer); empty: nobody but the kubelet, whose probes come from the node.")
        List<NetworkPolicyPeer> managementFrom,

        @JsonPropertyDescription("Egress rules added to the operator's (DNS on port 53, and the Redis ports of"
                + " spec.redis to any address), e.g. for an extension that calls another service (kubectl explain"
                + " networkpolicy.spec.egress).")
        List<NetworkPolicyEgressRule> extraEgress) {

    public static final NetworkPolicySpec DEFAULT = new NetworkPolicySpec(null, null, null, null);

    public NetworkPolicySpec {
        enabled = or(enabled, true);
        clientsFrom = or(clientsFrom, List.of());
        managementFrom = or(managementFrom, List.of());
        extraEgress = or(extraEgress, List.of());
    }
}
