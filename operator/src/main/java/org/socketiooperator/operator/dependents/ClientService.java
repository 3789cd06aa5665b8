package org.socketiooperator.operator.dependents;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.Optional;
import org.socketiooperator.operator.model.ServiceSpec;
import org.socketiooperator.operator.model.SocketIoCluster;

/** The Service clients use; sticky by client IP because a polling session must keep hitting one node. */
public final class ClientService implements Dependent<Service> {
  @Override
  public Class<Service> type() {
    return Service.class;
  }

  @Override
  public String name(SocketIoCluster cluster) {
    return ClusterNames.clientService(cluster);
  }

  @Override
  public Optional<Service> desired(DesiredInputs inputs) {
    SocketIoCluster cluster = inputs.cluster();
    ServiceSpec service = inputs.spec().service();
    return Optional.of(new ServiceBuilder()
        .withMetadata(ClusterNames.metadata(cluster, name(cluster), service.annotations()))
        .withNewSpec()
        .withType(service.type().wireName())
        .withSelector(ClusterNames.selectorLabels(cluster))
        .withPorts(new ServicePortBuilder().withName(NodePorts.CLIENT_NAME).withPort(service.port())
            .withNewTargetPort(NodePorts.CLIENT_NAME).withProtocol("TCP").build())
        .withSessionAffinity("ClientIP")
        .withNewSessionAffinityConfig()
        .withNewClientIP(service.sessionAffinityTimeoutSeconds())
        .endSessionAffinityConfig()
        .endSpec()
        .build());
  }
}
