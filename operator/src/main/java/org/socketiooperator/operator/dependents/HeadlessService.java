package org.socketiooperator.operator.dependents;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.Map;
import java.util.Optional;
import org.socketiooperator.operator.model.SocketIoCluster;

/** Gives each pod a stable DNS name; lists pods before they are ready so peers and scrapers find them. */
public final class HeadlessService implements Dependent<Service> {
    @Override
    public Class<Service> type() {
        return Service.class;
    }

    @Override
    public String name(SocketIoCluster cluster) {
        return ClusterNames.headlessService(cluster);
    }

    @Override
    public Optional<Service> desired(DesiredInputs inputs) {
        SocketIoCluster cluster = inputs.cluster();
        return Optional.of(new ServiceBuilder()
                .withMetadata(ClusterNames.metadata(cluster, name(cluster), Map.of()))
                .withNewSpec()
                .withClusterIP("None")
                .withPublishNotReadyAddresses(true)
                .withSelector(ClusterNames.selectorLabels(cluster))
                .withPorts(
                        new ServicePortBuilder()
                                .withName(NodePorts.CLIENT_NAME)
                                .withPort(NodePorts.CLIENT)
                                .withNewTargetPort(NodePorts.CLIENT_NAME)
                                .withProtocol("TCP")
                                .build(),
                        new ServicePortBuilder()
                                .withName(NodePorts.MANAGEMENT_NAME)
                                .withPort(NodePorts.MANAGEMENT)
                                .withNewTargetPort(NodePorts.MANAGEMENT_NAME)
                                .withProtocol("TCP")
                                .build())
                .endSpec()
                .build());
    }
}
