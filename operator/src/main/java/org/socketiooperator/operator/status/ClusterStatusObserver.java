package org.socketiooperator.operator.status;

import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.model.SocketIoClusterStatus;

/** Told the status each reconcile computed for a cluster, for per-cluster metrics. */
@FunctionalInterface
public interface ClusterStatusObserver {

    ClusterStatusObserver NONE = (cluster, status) -> {};

    void observed(SocketIoCluster cluster, SocketIoClusterStatus status);
}
