package org.socketiooperator.operator.reconcile;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Objects;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.model.SocketIoClusterStatus;

/**
 * Writes a cluster's status and reports whether the spec was edited while the reconcile ran.
 *
 * <p>Why not {@code UpdateControl.patchStatus}: java-operator-sdk filters the watch event of its own status
 * write, and an edit whose resource version is older than that write (it landed between our read and our
 * write) is dropped as superseded. The write's answer carries the edit's generation, so comparing
 * generations here is the one place that can still notice it.
 */
final class StatusWriter {
    private final boolean serverSideApply;

    StatusWriter(boolean serverSideApply) {
        this.serverSideApply = serverSideApply;
    }

    /** The result of a status write. */
    record Written(SocketIoCluster cluster, boolean specChangedMeanwhile) {}

    Written write(Context<SocketIoCluster> context, SocketIoCluster reconciled, SocketIoClusterStatus status) {
        SocketIoCluster written;
        if (serverSideApply) {
            SocketIoCluster patch = new SocketIoCluster();
            patch.setMetadata(new ObjectMetaBuilder()
                    .withName(reconciled.getMetadata().getName())
                    .withNamespace(reconciled.getMetadata().getNamespace())
                    .build());
            patch.setStatus(status);
            written = context.resourceOperations().serverSideApplyPrimaryStatus(patch);
        } else {
            // A JSON patch computed from a copy (the cached object must never change), without resourceVersion:
            // a status write must not fail because the spec was edited meanwhile.
            SocketIoCluster base =
                    context.getClient().getKubernetesSerialization().clone(reconciled);
            base.getMetadata().setResourceVersion(null);
            written = context.resourceOperations().jsonPatchPrimaryStatus(base, c -> {
                c.setStatus(status);
                return c;
            });
        }
        return new Written(written, !Objects.equals(generation(written), generation(reconciled)));
    }

    private static Long generation(SocketIoCluster cluster) {
        return cluster == null ? null : cluster.getMetadata().getGeneration();
    }
}
