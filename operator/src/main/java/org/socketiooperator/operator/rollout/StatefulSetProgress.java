package org.socketiooperator.operator.rollout;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.util.Objects;
import java.util.Optional;

/** What a StatefulSet's status says about its rollout, read the way the StatefulSet controller writes it. */
public final class StatefulSetProgress {
    private StatefulSetProgress() {}

    /** The controller has seen the latest spec. */
    static boolean observed(StatefulSet sts) {
        StatefulSetStatus status = sts.getStatus();
        long generation = Optional.ofNullable(sts.getMetadata().getGeneration()).orElse(0L);
        return status != null && status.getObservedGeneration() != null && status.getObservedGeneration() >= generation;
    }

    /** Every pod the partition lets update runs the current template. */
    public static boolean rolledOut(StatefulSet sts) {
        if (!observed(sts)) {
            return false;
        }
        StatefulSetStatus status = sts.getStatus();
        int replicas = replicas(sts);
        int partition = sts.getSpec().getUpdateStrategy() != null
                        && sts.getSpec().getUpdateStrategy().getRollingUpdate() != null
                        && sts.getSpec().getUpdateStrategy().getRollingUpdate().getPartition() != null
                ? sts.getSpec().getUpdateStrategy().getRollingUpdate().getPartition()
                : 0;
        int updated = Optional.ofNullable(status.getUpdatedReplicas()).orElse(0);
        boolean sameRevision = status.getUpdateRevision() == null
                || status.getCurrentRevision() == null
                || Objects.equals(status.getUpdateRevision(), status.getCurrentRevision());
        return updated >= Math.max(0, replicas - partition) && (partition > 0 || sameRevision);
    }

    /**
     * Rolled out, and every wanted pod available (ready for minReadySeconds): the generation can take the
     * clients.
     */
    public static boolean available(StatefulSet sts, int wantedReplicas) {
        if (!rolledOut(sts) || replicas(sts) != wantedReplicas) {
            return false;
        }
        StatefulSetStatus status = sts.getStatus();
        int available = Optional.ofNullable(status.getAvailableReplicas()).orElse(0);
        int ready = Optional.ofNullable(status.getReadyReplicas()).orElse(0);
        return available >= wantedReplicas && ready >= wantedReplicas;
    }

    private static int replicas(StatefulSet sts) {
        return Optional.ofNullable(sts.getSpec().getReplicas()).orElse(1);
    }
}
