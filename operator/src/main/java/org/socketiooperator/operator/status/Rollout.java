package org.socketiooperator.operator.status;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import java.util.Objects;
import java.util.Optional;

/**
 * How far a StatefulSet's pods are from its spec, read the way the StatefulSet controller writes its
 * status: it sets {@code currentRevision} to {@code updateRevision} only once every pod runs the update
 * revision and is ready; with a partition P it updates only the pods with ordinal &ge; P (so the two
 * revisions never meet); with OnDelete a pod is updated only when someone deletes it (and
 * {@code currentRevision} may never move).
 *
 * @param generation metadata.generation; null only for objects that never met an API server
 * @param observedGeneration the generation the StatefulSet controller last acted on
 * @param specReplicas pods the StatefulSet asks for
 * @param partition RollingUpdate partition; 0 when none
 * @param available pods ready for minReadySeconds, or null when the StatefulSet does not report it
 */
record Rollout(
        String name,
        Long generation,
        Long observedGeneration,
        int specReplicas,
        boolean onDelete,
        int partition,
        int replicas,
        int ready,
        Integer available,
        int updated,
        String currentRevision,
        String updateRevision) {

    static Rollout of(StatefulSet sts) {
        StatefulSetSpec spec = Optional.ofNullable(sts.getSpec()).orElseGet(StatefulSetSpec::new);
        StatefulSetStatus status = Optional.ofNullable(sts.getStatus()).orElseGet(StatefulSetStatus::new);
        StatefulSetUpdateStrategy strategy = spec.getUpdateStrategy();
        boolean onDelete = strategy != null && "OnDelete".equals(strategy.getType());
        int partition = strategy == null || onDelete || strategy.getRollingUpdate() == null
                ? 0
                : Optional.ofNullable(strategy.getRollingUpdate().getPartition())
                        .orElse(0);
        return new Rollout(
                sts.getMetadata().getName(),
                sts.getMetadata().getGeneration(),
                status.getObservedGeneration(),
                // The API server defaults an absent spec.replicas to 1.
                Optional.ofNullable(spec.getReplicas()).orElse(1),
                onDelete,
                Math.max(0, partition),
                orZero(status.getReplicas()),
                orZero(status.getReadyReplicas()),
                status.getAvailableReplicas(),
                orZero(status.getUpdatedReplicas()),
                status.getCurrentRevision(),
                status.getUpdateRevision());
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    /** The StatefulSet controller has acted on the latest StatefulSet spec; before that its status is old news. */
    boolean observed() {
        return generation == null || (observedGeneration != null && observedGeneration >= generation);
    }

    /** A partition holds some pods back at the current revision on purpose (a canary, a staged rollout). */
    boolean partitioned() {
        return partition > 0;
    }

    /** How many pods the strategy updates on its own: all of them, or those at or above the partition. */
    int toUpdate() {
        return Math.max(0, specReplicas - partition);
    }

    /**
     * Every pod the strategy lets update runs the update revision. Without a partition that is the
     * controller's own verdict, currentRevision == updateRevision (which it sets only when every pod is
     * updated and ready), plus the count; with a partition it is the count alone, as kubectl rollout status
     * has it; with OnDelete, the count alone.
     */
    boolean updateDone() {
        if (partitioned() || onDelete) {
            return updated >= toUpdate();
        }
        return updated >= specReplicas && (specReplicas == 0 || Objects.equals(currentRevision, updateRevision));
    }

    /** All pods exist, none is left from a scale-down, and all run one revision. */
    boolean uniform() {
        return observed() && !partitioned() && updateDone() && replicas == specReplicas;
    }

    /** The revision all pods run, when they run one. */
    String uniformRevision() {
        // With OnDelete currentRevision can stay behind although every pod was replaced.
        return onDelete ? updateRevision : currentRevision;
    }

    /** Pods that count as ready for Ready: available (ready for minReadySeconds) when reported. */
    int readyForMinReadySeconds() {
        return available == null ? ready : Math.min(ready, available);
    }

    String updateProgress() {
        String progress = updated + " of " + toUpdate() + " nodes updated";
        if (partitioned()) {
            progress += " (partition " + partition + " keeps " + Math.min(partition, specReplicas) + " of "
                    + specReplicas + " at the previous revision)";
        }
        if (updated >= toUpdate() && ready < specReplicas) {
            progress += ", " + ready + " of " + specReplicas + " ready";
        }
        return progress;
    }

    String notObserved() {
        return "the StatefulSet controller has not yet acted on generation " + generation + " of StatefulSet " + name
                + (observedGeneration == null ? "" : " (it last acted on " + observedGeneration + ")");
    }
}
