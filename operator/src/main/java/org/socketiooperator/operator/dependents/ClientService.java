package org.socketiooperator.operator.dependents;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.ServiceSpecBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.socketiooperator.operator.model.ServiceSpec;
import org.socketiooperator.operator.model.SessionAffinity;
import org.socketiooperator.operator.model.SocketIoCluster;

/** The Service clients use; sticky by client IP unless the user chose None (a polling session must keep hitting one node). */
public final class ClientService implements Dependent<Service> {
    private final Map<String, String> selector;

    /**
     * @param selector the pods that get the clients: those of one generation only, never two
     *     (docs/adr/0002-rollouts.md)
     */
    public ClientService(Map<String, String> selector) {
        this.selector = new TreeMap<>(selector);
    }

    /** Whether a Service selects by wire generation (otherwise: a StatefulSet made before them serves alone). */
    public static boolean selectsWireGeneration(Service service) {
        return service.getSpec() != null
                && service.getSpec().getSelector() != null
                && service.getSpec().getSelector().containsKey(NodeGeneration.WIRE_LABEL);
    }

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
        ServiceSpecBuilder spec = new ServiceSpecBuilder()
                .withType(service.type().wireName())
                .withSelector(new TreeMap<>(selector))
                .withPorts(new ServicePortBuilder()
                        .withName(NodePorts.CLIENT_NAME)
                        .withPort(service.port())
                        .withNewTargetPort(NodePorts.CLIENT_NAME)
                        .withProtocol("TCP")
                        .build())
                .withSessionAffinity(service.sessionAffinity().wireName());
        if (service.sessionAffinity() == SessionAffinity.CLIENT_IP) {
            spec.withNewSessionAffinityConfig()
                    .withNewClientIP(service.sessionAffinityTimeoutSeconds())
                    .endSessionAffinityConfig();
        }
        return Optional.of(new ServiceBuilder()
                .withMetadata(ClusterNames.metadata(cluster, name(cluster), service.annotations()))
                .withSpec(spec.build())
                .build());
    }
}
