package org.socketiooperator.operator.dependents;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Optional;
import org.socketiooperator.operator.model.SocketIoCluster;

/** An object the cluster no longer wants (an old generation's StatefulSet or ConfigMap): it is deleted. */
public record Retired<R extends HasMetadata>(Class<R> type, String objectName) implements Dependent<R> {
    @Override
    public String name(SocketIoCluster cluster) {
        return objectName;
    }

    @Override
    public Optional<R> desired(DesiredInputs inputs) {
        return Optional.empty();
    }
}
