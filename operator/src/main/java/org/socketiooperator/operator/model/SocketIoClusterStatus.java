package org.socketiooperator.operator.model;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.List;

/** Observed state; replicas and selector back the scale subresource. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonClassDescription("Observed state, written by the operator only. The conditions say whether the cluster is"
        + " Ready, Available, Progressing, Reconciled, RedisReachable and Accepted.")
public record SocketIoClusterStatus(
        @JsonPropertyDescription("The metadata.generation of the spec this status was computed for.")
        Long observedGeneration,

        @StatusReplicas
        @JsonPropertyDescription(
                "Node pods that exist (the StatefulSet's status.replicas); backs the scale" + " subresource.")
        Integer replicas,

        @JsonPropertyDescription("Node pods that pass their readiness probe.")
        Integer readyReplicas,

        @JsonPropertyDescription("Node pods that run the StatefulSet's latest revision.")
        Integer updatedReplicas,

        @LabelSelector @JsonPropertyDescription("Label selector of the node pods, for the scale subresource.")
        String selector,

        @JsonPropertyDescription("The adapter mode every node runs: the same as running.adapterMode (kept for the"
                + " Mode column and for scripts that read it). Absent until the nodes run one revision.")
        String adapterMode,

        @JsonPropertyDescription("What every node runs (revision, image, adapter mode), read from the StatefulSet"
                + " once all of its pods run one revision.")
        RunningStatus running,

        @JsonPropertyDescription("What the operator found at the configured Redis.")
        RedisStatus redis,

        @SchemaFrom(type = ConditionSchema[].class)
        @JsonPropertyDescription("Ready: the current spec runs on every node and all are ready. Available: at least"
                + " one node is ready. Progressing: a rollout or scaling is under way. Reconciled: the dependents say"
                + " what the spec asks for (False when paused or when a write failed). RedisReachable: the operator's"
                + " own Redis check. Accepted: the spec can be honoured. Only while the feature is on: MonitoringReady (the"
                + " PodMonitor), HTTPRouteReady (the HTTPRoute). Warning (True): the spec is valid but likely to fail at"
                + " run time; the reason says why.")
        List<Condition> conditions,

        @JsonPropertyDescription("While Progressing is True: when the rollout or scaling last made progress (a node"
                + " updated, added, removed or newly ready); spec.updateStrategy.progressDeadlineSeconds counts from it."
                + " Absent otherwise.")
        String lastProgressTime) {

    public SocketIoClusterStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    /** This status with {@code more} conditions after its own. */
    public SocketIoClusterStatus withMoreConditions(List<Condition> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Condition> all = new java.util.ArrayList<>(conditions);
        all.addAll(more);
        return new SocketIoClusterStatus(
                observedGeneration,
                replicas,
                readyReplicas,
                updatedReplicas,
                selector,
                adapterMode,
                running,
                redis,
                all,
                lastProgressTime);
    }
}
