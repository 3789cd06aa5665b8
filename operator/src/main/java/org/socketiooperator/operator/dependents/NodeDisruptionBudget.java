package org.socketiooperator.operator.dependents;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.Map;
import java.util.Optional;
import org.socketiooperator.operator.model.PdbSpec;
import org.socketiooperator.operator.model.SocketIoCluster;

/** Limits voluntary evictions so a node drain never disconnects every client at once. */
public final class NodeDisruptionBudget implements Dependent<PodDisruptionBudget> {
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
        .withMaxUnavailable(new IntOrString(pdb.maxUnavailable()))
        .withNewSelector().withMatchLabels(ClusterNames.selectorLabels(cluster)).endSelector()
        .endSpec()
        .build());
  }
}
