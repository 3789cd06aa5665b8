package org.socketiooperator.operator.dependents;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.testing.Manifests;

/** The node pods' NetworkPolicy: what the user names, and the Redis ports read from the node's settings. */
class NodeNetworkPolicyTest {

    @Test
    void theNamedPeersGetTheirPortsAndExtraEgressIsAdded() {
        NetworkPolicy policy = desired(
                        Manifests.MINIMAL_SPEC + """
        networkPolicy:
          clientsFrom: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}]
          managementFrom: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]
          extraEgress: [{ports: [{port: 443, protocol: TCP}]}]
        """, Map.of("SIO_REDIS_URL", "rediss://redis.example:6380/0"))
                .orElseThrow();
        assertThat(policy.getSpec().getIngress()).hasSize(2);
        assertThat(policy.getSpec().getIngress().get(0).getFrom())
                .singleElement()
                .satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .containsEntry("kubernetes.io/metadata.name", "ingress-nginx"));
        assertThat(policy.getSpec()
                        .getIngress()
                        .get(1)
                        .getPorts()
                        .get(0)
                        .getPort()
                        .getIntVal())
                .isEqualTo(9090);
        assertThat(policy.getSpec().getIngress().get(1).getFrom())
                .singleElement()
                .satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .containsEntry("kubernetes.io/metadata.name", "monitoring"));
        assertThat(policy.getSpec().getEgress())
                .flatExtracting(r -> r.getPorts())
                .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                .containsExactly("UDP/53", "TCP/53", "TCP/6380", "TCP/443");
    }

    @Test
    void offMeansNoPolicy() {
        assertThat(desired(Manifests.MINIMAL_SPEC + "networkPolicy: {enabled: false}\n", Map.of()))
                .isEmpty();
    }

    @Test
    void theRedisPortsComeFromTheUrlOrEverySeedNode() {
        assertThat(NodeNetworkPolicy.redisPorts(Map.of("SIO_REDIS_URL", "redis://r")))
                .containsExactly(6379);
        assertThat(NodeNetworkPolicy.redisPorts(Map.of("SIO_REDIS_NODES", "a:7000,b:7001,[::1]:7002,c")))
                .containsExactly(6379, 7000, 7001, 7002);
        assertThat(NodeNetworkPolicy.redisPorts(Map.of("SIO_REDIS_NODES", "a:99999,b:x")))
                .containsExactly(6379);
        assertThat(NodeNetworkPolicy.redisPorts(Map.of())).containsExactly(6379);
    }

    private static Optional<NetworkPolicy> desired(String specYaml, Map<String, String> env) {
        SocketIoCluster cluster = Manifests.cluster("chat", "ns", specYaml);
        return new NodeNetworkPolicy().desired(new DesiredInputs(cluster, "node:1", new TreeMap<>(env), ""));
    }
}
