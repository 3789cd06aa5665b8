package org.socketiooperator.operator.dependents;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;
import java.util.Optional;
import org.socketiooperator.operator.model.SocketIoCluster;

/** The node's non-secret environment (docs/node-contract.md), loaded with envFrom. */
public final class NodeConfigMap implements Dependent<ConfigMap> {
    private final NodeGeneration generation;

    /** Each generation reads its own: an old node that restarts must not pick up the new generation's settings. */
    public NodeConfigMap(NodeGeneration generation) {
        this.generation = generation;
    }

    @Override
    public Class<ConfigMap> type() {
        return ConfigMap.class;
    }

    @Override
    public String name(SocketIoCluster cluster) {
        return generation.configMapName();
    }

    @Override
    public Optional<ConfigMap> desired(DesiredInputs inputs) {
        return Optional.of(new ConfigMapBuilder()
                .withMetadata(ClusterNames.metadata(inputs.cluster(), name(inputs.cluster()), Map.of()))
                .withData(inputs.nodeEnvironment())
                .build());
    }
}
