package org.socketiooperator.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.socketiooperator.operator.dependents.ClusterNames;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.model.SocketIoClusterStatus;
import org.socketiooperator.operator.status.ConditionTypes;
import org.socketiooperator.operator.status.Conditions;
import org.socketiooperator.operator.testing.ClusterEdits;
import org.socketiooperator.operator.testing.Manifests;
import org.socketiooperator.operator.testing.OperatorOnMockApi;

/**
 * {@code spec.rebalance} (docs/node-contract.md, "Rebalance"): off changes nothing on the pods, on reaches the
 * nodes' environment, and a Warning condition says when something sticky makes it useless.
 */
class RebalanceOnMockServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final OperatorOnMockApi OPERATOR = new OperatorOnMockApi();

    private final KubernetesClient client = OPERATOR.client();
    private final String namespace = OperatorOnMockApi.freshNamespace();

    @Test
    void offChangesNothingOnReachesTheNodesAndAffinityIsAWarning() {
        client.resource(Manifests.cluster("reb", namespace, Manifests.MINIMAL_SPEC))
                .create();
        awaitReconciled("reb");
        String checksum = checksum(statefulSet("reb"));
        assertThat(config("reb").getData()).doesNotContainKeys("SIO_REBALANCE_ENABLED");

        editSpec("reb", "rebalance: {enabled: false, maxDisconnectsPerSecond: 5}\n" + Manifests.MINIMAL_SPEC);
        SocketIoClusterStatus off = awaitReconciled("reb");
        assertThat(checksum(statefulSet("reb")))
                .as("rebalance off, whatever its other settings, leaves the pods alone")
                .isEqualTo(checksum);
        assertThat(Conditions.find(off.conditions(), ConditionTypes.WARNING)).isEmpty();

        editSpec("reb", """
                service: {sessionAffinity: None}
                rebalance: {enabled: true, maxDisconnectsPerSecond: 5, tolerancePercent: 10, intervalSeconds: 20}
                """ + Manifests.MINIMAL_SPEC);
        await().atMost(TIMEOUT).until(() -> config("reb").getData().containsKey("SIO_REBALANCE_ENABLED"));
        assertThat(config("reb").getData())
                .containsEntry("SIO_REBALANCE_ENABLED", "true")
                .containsEntry("SIO_REBALANCE_MAX_DISCONNECTS_PER_SECOND", "5")
                .containsEntry("SIO_REBALANCE_TOLERANCE_PERCENT", "10")
                .containsEntry("SIO_REBALANCE_INTERVAL_MS", "20000");
        await().atMost(TIMEOUT).until(() -> !checksum(statefulSet("reb")).equals(checksum));
        assertThat(Conditions.find(awaitReconciled("reb").conditions(), ConditionTypes.WARNING))
                .as("nothing sticky: no warning")
                .isEmpty();

        editSpec("reb", """
                rebalance: {enabled: true}
                ingress: {enabled: true, host: chat.example.org}
                """ + Manifests.MINIMAL_SPEC);
        Condition warning = await().atMost(TIMEOUT)
                .until(
                        () -> Conditions.find(awaitReconciled("reb").conditions(), ConditionTypes.WARNING)
                                .orElse(null),
                        c -> c != null);
        assertThat(warning.getStatus()).isEqualTo("True");
        assertThat(warning.getReason()).isEqualTo("RebalanceBehindAffinity");
        assertThat(warning.getMessage())
                .contains("sessionAffinity ClientIP")
                .contains("Ingress' affinity cookie")
                .contains("moves nobody");
    }

    /** The status once it reports the current generation. */
    private SocketIoClusterStatus awaitReconciled(String name) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> {
                            SocketIoCluster cluster = client.resources(SocketIoCluster.class)
                                    .inNamespace(namespace)
                                    .withName(name)
                                    .get();
                            return Optional.ofNullable(cluster.getStatus())
                                    .filter(s -> s.observedGeneration() != null
                                            && s.observedGeneration()
                                                    .equals(cluster.getMetadata()
                                                            .getGeneration()))
                                    .orElse(null);
                        },
                        s -> s != null);
    }

    private StatefulSet statefulSet(String name) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> client.apps()
                                .statefulSets()
                                .inNamespace(namespace)
                                .withName(name)
                                .get(),
                        s -> s != null);
    }

    private ConfigMap config(String name) {
        return await().atMost(TIMEOUT)
                .until(
                        () -> client.configMaps()
                                .inNamespace(namespace)
                                .withName(name + "-config")
                                .get(),
                        c -> c != null);
    }

    private static String checksum(StatefulSet sts) {
        return sts.getSpec().getTemplate().getMetadata().getAnnotations().get(ClusterNames.CONFIG_CHECKSUM_ANNOTATION);
    }

    private void editSpec(String name, String specYaml) {
        ClusterEdits.editSpec(client, namespace, name, specYaml);
    }
}
