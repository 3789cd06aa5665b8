package org.socketiooperator.operator.dependents;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.Map;
import java.util.Optional;
import org.socketiooperator.operator.model.PdbSpec;
import org.socketiooperator.operator.model.SocketIoCluster;

/**
 * Limits voluntary evictions so a node drain never disconnects every client at once. Pods that are not ready
 * (a node that cannot start, or one whose readiness fails) may always be evicted: with the default policy they
 * would use up the budget and block {@code kubectl drain} of the Kubernetes node until they recover.
 */
public final class NodeDisruptionBudget implements Dependent<PodDisruptionBudget> {
    /** GA in Kubernetes 1.31, on by default since 1.27. */
    public static final String UNHEALTHY_POD_EVICTION_POLICY = "AlwaysAllow";

    @Override
    public Class<PodDisruptionBudget> type() {
        return PodDisruptionBudget.class;
    }

    @Override
    public String name(SocketIoCluster cluster) {
        return cluster.getMetadata().getName();
    }

    @Override
    public Optional<PodDisruptionBudget> desired(DesiredInputs inputs) {
        PdbSpec pdb = inputs.spec().podDisruptionBudget();
        if (!pdb.enabled()) {
            return Optional.empty();
        }
        SocketIoCluster cluster = inputs.cluster();
        return Optional.of(new PodDisruptionBudgetBuilder()
                .withMetadata(ClusterNames.metadata(cluster, name(cluster), Map.of()))
                .withNewSpec()
                .withMaxUnavailable(pdb.effectiveMaxUnavailable())
                .withMinAvailable(pdb.minAvailable())
                .withUnhealthyPodEvictionPolicy(UNHEALTHY_POD_EVICTION_POLICY)
                .withNewSelector()
                .withMatchLabels(ClusterNames.selectorLabels(cluster))
                .endSelector()
                .endSpec()
                .build());
    }
}
