package org.socketiooperator.operator.dependents;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Optional;
import org.socketiooperator.operator.model.SocketIoCluster;

/** One kind of Kubernetes object a cluster owns. */
public sealed interface Dependent<R extends HasMetadata>
        permits NodeConfigMap,
                HeadlessService,
                ClientService,
                NodeStatefulSet,
                NodeIngress,
                NodeDisruptionBudget,
                NodeNetworkPolicy,
                NodePodMonitor,
                ClientHttpRoute,
                Retired {

    Class<R> type();

    String name(SocketIoCluster cluster);

    /** The object as it should be, or empty when the cluster wants none (it is then deleted if present). */
    Optional<R> desired(DesiredInputs inputs);

    /** The optional API this kind belongs to; empty for the built-in kinds the operator always watches. */
    default Optional<OptionalApi> optionalApi() {
        return Optional.empty();
    }
}
