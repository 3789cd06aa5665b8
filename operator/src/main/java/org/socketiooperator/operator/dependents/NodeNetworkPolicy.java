package org.socketiooperator.operator.dependents;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.socketiooperator.operator.model.NetworkPolicySpec;
import org.socketiooperator.operator.model.SocketIoCluster;

/**
 * What may reach the node pods and what they may reach (docs/adr/0004-network-policy.md): the Socket.IO port
 * from the peers the user names (anywhere by default), the management port only from the peers named (no one
 * but the kubelet by default, whose probes come from the node and pass any policy), and out only DNS and the
 * Redis ports, plus the user's own egress rules. All generations of the cluster's pods, by its labels.
 */
public final class NodeNetworkPolicy implements Dependent<NetworkPolicy> {
    static final int DEFAULT_REDIS_PORT = 6379;

    @Override
    public Class<NetworkPolicy> type() {
        return NetworkPolicy.class;
    }

    @Override
    public String name(SocketIoCluster cluster) {
        return cluster.getMetadata().getName();
    }

    @Override
    public Optional<NetworkPolicy> desired(DesiredInputs inputs) {
        NetworkPolicySpec policy = inputs.spec().networkPolicy();
        if (!policy.enabled()) {
            return Optional.empty();
        }
        SocketIoCluster cluster = inputs.cluster();
        List<NetworkPolicyIngressRule> ingress = new ArrayList<>();
        ingress.add(new NetworkPolicyIngressRuleBuilder()
                .withPorts(tcp(NodePorts.CLIENT))
                .withFrom(policy.clientsFrom().isEmpty() ? null : policy.clientsFrom())
                .build());
        if (!policy.managementFrom().isEmpty()) {
            ingress.add(new NetworkPolicyIngressRuleBuilder()
                    .withPorts(tcp(NodePorts.MANAGEMENT))
                    .withFrom(policy.managementFrom())
                    .build());
        }
        List<NetworkPolicyEgressRule> egress = new ArrayList<>();
        egress.add(new NetworkPolicyEgressRuleBuilder()
                .withPorts(port("UDP", 53), port("TCP", 53))
                .build());
        egress.add(new NetworkPolicyEgressRuleBuilder()
                .withPorts(redisPorts(inputs.nodeEnvironment()).stream()
                        .map(NodeNetworkPolicy::tcp)
                        .toList())
                .build());
        egress.addAll(policy.extraEgress());
        return Optional.of(new NetworkPolicyBuilder()
                .withMetadata(ClusterNames.metadata(cluster, name(cluster), Map.of()))
                .withNewSpec()
                .withNewPodSelector()
                .withMatchLabels(ClusterNames.selectorLabels(cluster))
                .endPodSelector()
                .withPolicyTypes("Ingress", "Egress")
                .withIngress(ingress)
                .withEgress(egress)
                .endSpec()
                .build());
    }

    /** The ports the nodes connect to Redis on: of SIO_REDIS_URL, or of every seed in SIO_REDIS_NODES. */
    static TreeSet<Integer> redisPorts(Map<String, String> nodeEnvironment) {
        TreeSet<Integer> ports = new TreeSet<>();
        String nodes = nodeEnvironment.get("SIO_REDIS_NODES");
        if (nodes != null && !nodes.isBlank()) {
            for (String node : nodes.split(",")) {
                int colon = node.lastIndexOf(':');
                ports.add(colon < 0 ? DEFAULT_REDIS_PORT : parse(node.substring(colon + 1)));
            }
        }
        String url = nodeEnvironment.get("SIO_REDIS_URL");
        if (url != null && !url.isBlank()) {
            try {
                int port = URI.create(url.trim()).getPort();
                ports.add(port > 0 ? port : DEFAULT_REDIS_PORT);
            } catch (IllegalArgumentException e) {
                ports.add(DEFAULT_REDIS_PORT); // the validator refuses such a URL before anything is written
            }
        }
        if (ports.isEmpty()) {
            ports.add(DEFAULT_REDIS_PORT);
        }
        return ports;
    }

    private static int parse(String port) {
        try {
            int value = Integer.parseInt(port.trim());
            return value > 0 && value < 65536 ? value : DEFAULT_REDIS_PORT;
        } catch (NumberFormatException e) {
            return DEFAULT_REDIS_PORT;
        }
    }

    private static NetworkPolicyPort tcp(int port) {
        return port("TCP", port);
    }

    private static NetworkPolicyPort port(String protocol, int port) {
        return new NetworkPolicyPortBuilder()
                .withProtocol(protocol)
                .withPort(new IntOrString(port))
                .build();
    }
}
