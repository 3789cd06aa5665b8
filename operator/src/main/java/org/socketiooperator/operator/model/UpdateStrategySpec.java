package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * How pod-template changes roll out over the nodes (docs/adr/0002-rollouts.md). Changes that old and new nodes
 * cannot share a cluster with (adapter mode, parser, channel prefix, Redis target) never roll pod by pod: the
 * operator starts a new StatefulSet beside the old one and switches the Service once it is ready.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UpdateStrategySpec(
        @Min(0)
        @Default("" + Defaults.MIN_READY_SECONDS)
        @JsonPropertyDescription("Seconds a new node must stay ready before the rollout moves on to the next one"
                + " (StatefulSet minReadySeconds).")
        Integer minReadySeconds,

        @Min(0)
        @JsonPropertyDescription("Only nodes with an ordinal at or above this are updated (StatefulSet rollingUpdate"
                + ".partition): set it to the replica count to hold a rollout, lower it to let it go on; unset: 0.")
        Integer partition,

        @JsonPropertyDescription("Nodes updated at once, a number or a percentage (StatefulSet rollingUpdate"
                + ".maxUnavailable; needs the MaxUnavailableStatefulSet feature gate, ignored by API servers without it);"
                + " unset: one at a time.")
        IntOrString maxUnavailable,

        @Min(1)
        @Default("" + Defaults.PROGRESS_DEADLINE_SECONDS)
        @JsonPropertyDescription(
                "Seconds a rollout or scaling may go without progress (no node updated, added,"
                        + " removed or newly ready) before the Progressing condition turns False with reason"
                        + " ProgressDeadlineExceeded, as a Deployment's does. Nothing is rolled back; the condition turns True"
                        + " again with the next progress. Checked at each reconcile, so it shows up to one probe interval late.")
        Integer progressDeadlineSeconds) {

    public static final UpdateStrategySpec DEFAULT = new UpdateStrategySpec(null, null, null, null);

    public UpdateStrategySpec {
        minReadySeconds = or(minReadySeconds, Defaults.MIN_READY_SECONDS);
        progressDeadlineSeconds = or(progressDeadlineSeconds, Defaults.PROGRESS_DEADLINE_SECONDS);
    }
}
