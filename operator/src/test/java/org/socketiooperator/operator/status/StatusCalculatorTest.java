package org.socketiooperator.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.socketiooperator.operator.dependents.ClusterNames;
import org.socketiooperator.operator.model.RunningStatus;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.model.SocketIoClusterStatus;
import org.socketiooperator.operator.redis.ProbeOutcome;
import org.socketiooperator.operator.redis.ProbeOutcome.DetectedTopology;
import org.socketiooperator.operator.testing.Manifests;

class StatusCalculatorTest {
    private static final ProbeOutcome REACHABLE =
            new ProbeOutcome.Reachable("r:6379", "7.2.4", DetectedTopology.STANDALONE, true);
    private static final Reconciliation APPLIED = new Reconciliation.Applied();
    private static final NodeConfig CLASSIC = new NodeConfig("checksum-1", "classic");

    @Test
    void anUnchangedSituationGivesAnEqualStatusEvenLater() {
        SocketIoCluster cluster = cluster(2);
        cluster.getMetadata().setGeneration(3L);
        SocketIoClusterStatus first = compute("2026-01-01T00:00:00Z", cluster, Sts.rolledOut(2));
        cluster.setStatus(first);
        SocketIoClusterStatus second = compute("2026-01-01T01:00:00Z", cluster, Sts.rolledOut(2));
        assertThat(second).isEqualTo(first);
        assertThat(first.observedGeneration()).isEqualTo(3L);
        assertThat(first.conditions())
                .extracting(Condition::getType)
                .containsExactly(
                        ConditionTypes.READY,
                        ConditionTypes.AVAILABLE,
                        ConditionTypes.PROGRESSING,
                        ConditionTypes.RECONCILED,
                        ConditionTypes.REDIS_REACHABLE,
                        ConditionTypes.ACCEPTED);
        assertCondition(first, ConditionTypes.READY, "True", "NodesReady", "2 of 2 nodes ready");
        assertCondition(
                first, ConditionTypes.AVAILABLE, "True", "NodesAvailable", "2 nodes are ready to serve clients");
        assertCondition(first, ConditionTypes.PROGRESSING, "False", "RolloutComplete", "2 of 2 nodes run revision c-1");
        assertCondition(
                first, ConditionTypes.RECONCILED, "True", "Applied", "the dependents say what the spec asks for");
    }

    @Test
    void aConditionThatFlipsGetsANewTransitionTimeAndTheRedisVersionIsKeptDuringAnOutage() {
        SocketIoCluster cluster = cluster(2);
        cluster.setStatus(compute("2026-01-01T00:00:00Z", cluster, Sts.rolledOut(2)));
        SocketIoClusterStatus outage = at("2026-01-01T02:00:00Z")
                .compute(
                        cluster,
                        List.of(),
                        Optional.of(new ProbeOutcome.Unreachable("r:6379", "Timeout", "no answer")),
                        Optional.of(Sts.rolledOut(2).ready(1).build()),
                        APPLIED,
                        Optional.of(CLASSIC));
        Condition redis = condition(outage, ConditionTypes.REDIS_REACHABLE);
        assertThat(redis.getStatus()).isEqualTo("False");
        assertThat(redis.getLastTransitionTime()).isEqualTo("2026-01-01T02:00:00Z");
        assertThat(condition(outage, ConditionTypes.ACCEPTED).getLastTransitionTime())
                .isEqualTo("2026-01-01T00:00:00Z");
        assertThat(outage.redis().version()).isEqualTo("7.2.4");
        assertCondition(outage, ConditionTypes.READY, "False", "NodesNotReady", "1 of 2 nodes ready");
        // A pod that stopped being ready is not a rollout.
        assertCondition(
                outage, ConditionTypes.PROGRESSING, "False", "RolloutComplete", "2 of 2 nodes run revision c-1");
    }

    @Test
    void problemsMakeAcceptedFalseWithTheFirstReasonAndEveryMessage() {
        SocketIoCluster cluster = cluster(2);
        SocketIoClusterStatus status = at("2026-01-01T00:00:00Z")
                .compute(
                        cluster,
                        List.of(new SpecProblem("SecretNotFound", "a"), new SpecProblem("InvalidSpec", "b")),
                        Optional.empty(),
                        Optional.empty(),
                        new Reconciliation.NotAttempted(),
                        Optional.empty());
        assertCondition(status, ConditionTypes.ACCEPTED, "False", "SecretNotFound", "a; b");
        assertThat(condition(status, ConditionTypes.REDIS_REACHABLE).getStatus())
                .isEqualTo("Unknown");
        assertCondition(status, ConditionTypes.READY, "False", "SpecNotAccepted", "see the Accepted condition");
        assertCondition(
                status,
                ConditionTypes.RECONCILED,
                "False",
                "SpecNotAccepted",
                "nothing was written: see the Accepted condition");
        assertThat(condition(status, ConditionTypes.AVAILABLE).getReason()).isEqualTo("NoNodes");
        assertThat(condition(status, ConditionTypes.PROGRESSING).getStatus()).isEqualTo("False");
    }

    /** The review's reproduction: ready old pods, a StatefulSet the controller has not acted on yet. */
    @Test
    void aNewGenerationTheControllerHasNotSeenIsNotReady() {
        SocketIoCluster cluster = cluster(3);
        cluster.getMetadata().setGeneration(7L);
        cluster.setStatus(compute("2026-01-01T00:00:00Z", cluster, Sts.rolledOut(3)));
        StatefulSet written = Sts.rolledOut(3)
                .generation(5)
                .observed(4)
                .update("c-1")
                .current("c-1")
                .build();

        SocketIoClusterStatus status = compute("2026-01-01T00:01:00Z", cluster, written);
        assertCondition(
                status,
                ConditionTypes.READY,
                "False",
                "WaitingForController",
                "the StatefulSet controller has not yet acted on generation 5 of StatefulSet c (it last acted on 4)");
        assertCondition(
                status,
                ConditionTypes.PROGRESSING,
                "True",
                "WaitingForController",
                "the StatefulSet controller has not yet acted on generation 5 of StatefulSet c (it last acted on 4)");
        assertThat(status.observedGeneration()).isEqualTo(7L);
        // The old pods still serve, and still run what was recorded for their revision.
        assertThat(condition(status, ConditionTypes.AVAILABLE).getStatus()).isEqualTo("True");
        assertThat(status.running()).isEqualTo(new RunningStatus("c-1", "node:1", "classic"));
    }

    @Test
    void theReviewsCaseObservedGenerationBehindNothingUpdatedAndTwoRevisionsIsNotReady() {
        StatefulSet sts = Sts.rolledOut(3)
                .generation(7)
                .observed(6)
                .updated(0)
                .current("c-1")
                .update("c-2")
                .build();
        SocketIoClusterStatus status = compute("2026-01-01T00:00:00Z", cluster(3), sts);
        assertThat(condition(status, ConditionTypes.READY).getStatus()).isEqualTo("False");
    }

    @Test
    void aPartlyUpdatedStatefulSetIsRollingUpdate() {
        StatefulSet sts =
                Sts.rolledOut(3).updated(2).current("c-1").update("c-2").build();
        SocketIoClusterStatus status = compute("2026-01-01T00:00:00Z", cluster(3), sts);
        assertCondition(status, ConditionTypes.READY, "False", "RollingUpdate", "2 of 3 nodes updated");
        assertCondition(status, ConditionTypes.PROGRESSING, "True", "RollingUpdate", "2 of 3 nodes updated");
        assertThat(status.updatedReplicas()).isEqualTo(2);
    }

    /** The controller moves currentRevision only once every pod is updated and ready. */
    @Test
    void everyNodeUpdatedButNotAllReadyIsStillRolling() {
        StatefulSet sts = Sts.rolledOut(3).ready(2).current("c-1").update("c-2").build();
        SocketIoClusterStatus status = compute("2026-01-01T00:00:00Z", cluster(3), sts);
        assertCondition(status, ConditionTypes.READY, "False", "RollingUpdate", "3 of 3 nodes updated, 2 of 3 ready");
        assertCondition(
                status, ConditionTypes.PROGRESSING, "True", "RollingUpdate", "3 of 3 nodes updated, 2 of 3 ready");

        // Even a status that says all are ready is not enough while the revisions differ.
        StatefulSet inconsistent = Sts.rolledOut(3).current("c-1").update("c-2").build();
        assertThat(condition(compute("2026-01-01T00:00:00Z", cluster(3), inconsistent), ConditionTypes.READY)
                        .getStatus())
                .isEqualTo("False");
    }

    @Test
    void theEndOfARolloutIsReadyAndReportsWhatRunsNow() {
        SocketIoCluster cluster = cluster(3);
        cluster.setStatus(compute("2026-01-01T00:00:00Z", cluster, Sts.rolledOut(3)));
        NodeConfig sharded = new NodeConfig("checksum-2", "sharded");
        StatefulSet done = Sts.rolledOut(3)
                .current("c-2")
                .update("c-2")
                .image("node:2")
                .checksum("checksum-2")
                .build();

        SocketIoClusterStatus status = at("2026-01-01T00:05:00Z")
                .compute(cluster, List.of(), Optional.of(REACHABLE), Optional.of(done), APPLIED, Optional.of(sharded));
        assertCondition(status, ConditionTypes.READY, "True", "NodesReady", "3 of 3 nodes ready");
        assertCondition(
                status, ConditionTypes.PROGRESSING, "False", "RolloutComplete", "3 of 3 nodes run revision c-2");
        assertThat(status.running()).isEqualTo(new RunningStatus("c-2", "node:2", "sharded"));
        assertThat(status.adapterMode()).isEqualTo("sharded");
    }

    @Test
    void whileRollingTheRunningStatusStaysWithThePodsNotYetUpdated() {
        SocketIoCluster cluster = cluster(3);
        cluster.setStatus(compute("2026-01-01T00:00:00Z", cluster, Sts.rolledOut(3)));
        StatefulSet rolling = Sts.rolledOut(3)
                .updated(1)
                .current("c-1")
                .update("c-2")
                .image("node:2")
                .checksum("checksum-2")
                .build();
        SocketIoClusterStatus status = at("2026-01-01T00:01:00Z")
                .compute(
                        cluster,
                        List.of(),
                        Optional.of(REACHABLE),
                        Optional.of(rolling),
                        APPLIED,
                        Optional.of(new NodeConfig("checksum-2", "sharded")));
        assertThat(status.running()).isEqualTo(new RunningStatus("c-1", "node:1", "classic"));
        assertThat(status.adapterMode()).isEqualTo("classic");
    }

    @Test
    void aModeIsOnlyReportedForATemplateWhoseConfigurationIsKnown() {
        // The operator (restarted) has never recorded this revision, and the spec asks for another configuration.
        StatefulSet other = Sts.rolledOut(2).checksum("checksum-old").build();
        SocketIoClusterStatus unknown = compute("2026-01-01T00:00:00Z", cluster(2), other);
        assertThat(unknown.running()).isEqualTo(new RunningStatus("c-1", "node:1", null));
        assertThat(unknown.adapterMode()).isNull();

        // An env entry in the pod template wins over the ConfigMap, in the pod and here.
        StatefulSet overridden = Sts.rolledOut(2)
                .env(new EnvVar("SIO_ADAPTER_MODE", "sharded", null))
                .build();
        assertThat(compute("2026-01-01T00:00:00Z", cluster(2), overridden)
                        .running()
                        .adapterMode())
                .isEqualTo("sharded");
    }

    @Test
    void beforeAnyRolloutFinishedNothingIsReportedAsRunning() {
        StatefulSet first = Sts.rolledOut(2)
                .updated(1)
                .ready(1)
                .current("c-1")
                .update("c-1")
                .build();
        SocketIoClusterStatus status = compute("2026-01-01T00:00:00Z", cluster(2), first);
        assertThat(status.running()).isNull();
        assertThat(status.adapterMode()).isNull();
        assertCondition(status, ConditionTypes.READY, "False", "RollingUpdate", "1 of 2 nodes updated");
    }

    /** As a Deployment's: the rollout is complete once the updated nodes are ready, not when the last one started. */
    @Test
    void progressingStaysTrueUntilTheUpdatedNodesAreReadyAndDoesNotReopenAfterwards() {
        SocketIoCluster cluster = cluster(3);
        cluster.setStatus(compute(
                "2026-01-01T00:00:00Z",
                cluster,
                Sts.rolledOut(3).updated(2).current("c-1").update("c-2")));
        assertCondition(
                cluster.getStatus(), ConditionTypes.PROGRESSING, "True", "RollingUpdate", "2 of 3 nodes updated");

        // The last pod runs the new revision but is not ready yet.
        cluster.setStatus(compute(
                "2026-01-01T00:00:10Z",
                cluster,
                Sts.rolledOut(3).ready(2).current("c-2").update("c-2")));
        assertCondition(
                cluster.getStatus(),
                ConditionTypes.PROGRESSING,
                "True",
                "WaitingForNodesReady",
                "2 of 3 updated nodes ready");
        // Ready, not yet for minReadySeconds.
        cluster.setStatus(compute(
                "2026-01-01T00:00:15Z",
                cluster,
                Sts.rolledOut(3).available(2).current("c-2").update("c-2")));
        assertCondition(
                cluster.getStatus(),
                ConditionTypes.PROGRESSING,
                "True",
                "WaitingForNodesReady",
                "2 of 3 updated nodes ready (3 ready, 2 of them for minReadySeconds)");

        cluster.setStatus(compute(
                "2026-01-01T00:00:30Z", cluster, Sts.rolledOut(3).current("c-2").update("c-2")));
        assertCondition(
                cluster.getStatus(),
                ConditionTypes.PROGRESSING,
                "False",
                "RolloutComplete",
                "3 of 3 nodes run revision c-2");

        // A node that crashes later is no rollout.
        SocketIoClusterStatus later = compute(
                "2026-01-01T01:00:00Z",
                cluster,
                Sts.rolledOut(3).ready(2).current("c-2").update("c-2"));
        assertThat(condition(later, ConditionTypes.PROGRESSING).getStatus()).isEqualTo("False");
        assertThat(condition(later, ConditionTypes.READY).getStatus()).isEqualTo("False");
    }

    @Test
    void aRolloutWithoutProgressForTheDeadlineIsReportedAndProgressClearsIt() {
        SocketIoCluster cluster = Manifests.cluster(
                "c", "ns", "replicas: 3\nupdateStrategy: {progressDeadlineSeconds: 120}\n" + Manifests.MINIMAL_SPEC);
        Sts stuck = Sts.rolledOut(3).updated(1).ready(2).current("c-1").update("c-2");
        cluster.setStatus(compute("2026-01-01T00:00:00Z", cluster, stuck));
        assertCondition(
                cluster.getStatus(), ConditionTypes.PROGRESSING, "True", "RollingUpdate", "1 of 3 nodes updated");
        assertThat(cluster.getStatus().lastProgressTime()).isEqualTo("2026-01-01T00:00:00Z");

        // No progress, within the deadline: unchanged, the same status (no write).
        SocketIoClusterStatus waiting = compute("2026-01-01T00:02:00Z", cluster, stuck);
        assertThat(waiting).isEqualTo(cluster.getStatus());

        cluster.setStatus(compute("2026-01-01T00:02:01Z", cluster, stuck));
        Condition exceeded = condition(cluster.getStatus(), ConditionTypes.PROGRESSING);
        assertThat(exceeded.getStatus()).isEqualTo("False");
        assertThat(exceeded.getReason()).isEqualTo("ProgressDeadlineExceeded");
        assertThat(exceeded.getMessage())
                .isEqualTo("no progress for more than 120 s"
                        + " (spec.updateStrategy.progressDeadlineSeconds): 1 of 3 nodes updated");
        assertThat(cluster.getStatus().lastProgressTime()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(compute("2026-01-01T00:10:00Z", cluster, stuck)).isEqualTo(cluster.getStatus());

        // One more node updated: progressing again, counted from now.
        cluster.setStatus(compute(
                "2026-01-01T00:11:00Z",
                cluster,
                Sts.rolledOut(3).updated(2).current("c-1").update("c-2")));
        assertCondition(
                cluster.getStatus(), ConditionTypes.PROGRESSING, "True", "RollingUpdate", "2 of 3 nodes updated");
        assertThat(cluster.getStatus().lastProgressTime()).isEqualTo("2026-01-01T00:11:00Z");

        // Done: no deadline, no time.
        cluster.setStatus(compute(
                "2026-01-01T00:12:00Z", cluster, Sts.rolledOut(3).current("c-2").update("c-2")));
        assertThat(condition(cluster.getStatus(), ConditionTypes.PROGRESSING).getReason())
                .isEqualTo("RolloutComplete");
        assertThat(cluster.getStatus().lastProgressTime()).isNull();
    }

    @Test
    void theDefaultProgressDeadlineIsTenMinutes() {
        SocketIoCluster cluster = cluster(3);
        Sts stuck = Sts.rolledOut(3).updated(1).current("c-1").update("c-2");
        cluster.setStatus(compute("2026-01-01T00:00:00Z", cluster, stuck));
        assertThat(condition(compute("2026-01-01T00:10:00Z", cluster, stuck), ConditionTypes.PROGRESSING)
                        .getStatus())
                .isEqualTo("True");
        assertThat(condition(compute("2026-01-01T00:10:01Z", cluster, stuck), ConditionTypes.PROGRESSING)
                        .getReason())
                .isEqualTo("ProgressDeadlineExceeded");
    }

    /** During a blue/green switch the old generation has the clients while the new one starts. */
    @Test
    void availableIsAboutTheStatefulSetTheClientsAreOn() {
        SocketIoCluster cluster = cluster(3);
        StatefulSet starting = Sts.rolledOut(3).ready(0).build();
        StatefulSet serving = Sts.rolledOut(3).build();
        SocketIoClusterStatus status = at("2026-01-01T00:00:00Z")
                .compute(
                        cluster,
                        List.of(),
                        Optional.of(REACHABLE),
                        Optional.of(starting),
                        Optional.of(serving),
                        APPLIED,
                        Optional.of(CLASSIC),
                        List.of());
        assertCondition(
                status, ConditionTypes.AVAILABLE, "True", "NodesAvailable", "3 nodes are ready to serve clients");
        assertThat(condition(status, ConditionTypes.READY).getStatus()).isEqualTo("False");

        SocketIoClusterStatus alone = at("2026-01-01T00:00:00Z")
                .compute(
                        cluster,
                        List.of(),
                        Optional.of(REACHABLE),
                        Optional.of(starting),
                        Optional.empty(),
                        APPLIED,
                        Optional.of(CLASSIC),
                        List.of());
        assertThat(condition(alone, ConditionTypes.AVAILABLE).getStatus()).isEqualTo("False");
    }

    @Test
    void scaledToZeroIsReadyButNotAvailable() {
        SocketIoClusterStatus status = compute("2026-01-01T00:00:00Z", cluster(0), Sts.rolledOut(0));
        assertCondition(status, ConditionTypes.READY, "True", "ScaledToZero", "spec.replicas is 0: no nodes run");
        assertCondition(status, ConditionTypes.AVAILABLE, "False", "ScaledToZero", "spec.replicas is 0: no nodes run");
        assertThat(condition(status, ConditionTypes.PROGRESSING).getStatus()).isEqualTo("False");
    }

    @Test
    void scalingDownIsNotReadyUntilTheExtraPodsAreGone() {
        StatefulSet sts = Sts.rolledOut(2).replicas(3).ready(3).build();
        SocketIoClusterStatus status = compute("2026-01-01T00:00:00Z", cluster(2), sts);
        assertCondition(status, ConditionTypes.READY, "False", "Scaling", "3 nodes exist, 2 wanted");
        assertCondition(status, ConditionTypes.PROGRESSING, "True", "Scaling", "3 nodes exist, 2 wanted");
    }

    @Test
    void aPodNotReadyForMinReadySecondsDoesNotCountYet() {
        StatefulSet sts = Sts.rolledOut(3).available(2).build();
        SocketIoClusterStatus status = compute("2026-01-01T00:00:00Z", cluster(3), sts);
        assertCondition(
                status,
                ConditionTypes.READY,
                "False",
                "NodesNotReady",
                "3 of 3 nodes ready, 2 of them for minReadySeconds");
    }

    /**
     * A partition holds pods back on purpose (a canary): done is when every pod at or above it runs the new
     * revision, as kubectl rollout status has it; the status says the others are held back.
     */
    @Test
    void aPartitionedRolloutIsReadyOnceThePodsAboveThePartitionAreUpdated() {
        SocketIoCluster cluster = cluster(3);
        cluster.setStatus(compute("2026-01-01T00:00:00Z", cluster, Sts.rolledOut(3)));
        StatefulSet waiting = Sts.rolledOut(3)
                .partition(2)
                .updated(0)
                .current("c-1")
                .update("c-2")
                .build();
        assertCondition(
                compute("2026-01-01T00:00:00Z", cluster, waiting),
                ConditionTypes.READY,
                "False",
                "RollingUpdate",
                "0 of 1 nodes updated (partition 2 keeps 2 of 3 at the previous revision)");

        StatefulSet canary = Sts.rolledOut(3)
                .partition(2)
                .updated(1)
                .current("c-1")
                .update("c-2")
                .build();
        SocketIoClusterStatus status = compute("2026-01-01T00:01:00Z", cluster, canary);
        assertCondition(
                status,
                ConditionTypes.READY,
                "True",
                "NodesReady",
                "3 of 3 nodes ready; 1 of 1 nodes updated (partition 2 keeps 2 of 3 at the previous revision)");
        assertCondition(
                status,
                ConditionTypes.PROGRESSING,
                "False",
                "Partitioned",
                "1 of 1 nodes updated (partition 2 keeps 2 of 3 at the previous revision); lower the partition to go on");
        // The nodes run two revisions: what was recorded for the held-back ones stays.
        assertThat(status.running().revision()).isEqualTo("c-1");
    }

    /** OnDelete updates a pod only when it is deleted, and currentRevision may never move. */
    @Test
    void onDeleteWaitsForPodDeletionsAndCountsUpdatedPods() {
        StatefulSet waiting = Sts.rolledOut(3)
                .onDelete()
                .updated(1)
                .current("c-1")
                .update("c-2")
                .build();
        assertCondition(
                compute("2026-01-01T00:00:00Z", cluster(3), waiting),
                ConditionTypes.PROGRESSING,
                "True",
                "WaitingForPodDeletion",
                "1 of 3 nodes updated");

        StatefulSet done =
                Sts.rolledOut(3).onDelete().current("c-1").update("c-2").build();
        SocketIoClusterStatus status = compute("2026-01-01T00:00:00Z", cluster(3), done);
        assertThat(condition(status, ConditionTypes.READY).getStatus()).isEqualTo("True");
        assertThat(status.running().revision()).isEqualTo("c-2");
    }

    @Test
    void aStatefulSetThatDoesNotExistYetIsBeingCreated() {
        SocketIoClusterStatus status = at("2026-01-01T00:00:00Z")
                .compute(
                        cluster(2), List.of(), Optional.of(REACHABLE), Optional.empty(), APPLIED, Optional.of(CLASSIC));
        assertCondition(status, ConditionTypes.READY, "False", "Creating", "the nodes are being created");
        assertCondition(status, ConditionTypes.PROGRESSING, "True", "Creating", "the nodes are being created");
        assertCondition(status, ConditionTypes.AVAILABLE, "False", "Creating", "the nodes are being created");
    }

    @Test
    void aFailedWriteMakesReconciledAndReadyFalseAndKeepsAvailable() {
        Reconciliation failed = Reconciliation.Failed.of(
                "update of StatefulSet c",
                new KubernetesClientException(new io.fabric8.kubernetes.api.model.StatusBuilder()
                        .withCode(403)
                        .withReason("Forbidden")
                        .withMessage("statefulsets.apps \"c\" is forbidden")
                        .build()));
        SocketIoClusterStatus status = at("2026-01-01T00:00:00Z")
                .compute(
                        cluster(2),
                        List.of(),
                        Optional.of(REACHABLE),
                        Optional.of(Sts.rolledOut(2).build()),
                        failed,
                        Optional.of(CLASSIC));
        assertCondition(
                status,
                ConditionTypes.RECONCILED,
                "False",
                "Forbidden",
                "update of StatefulSet c was refused with HTTP 403: statefulsets.apps \"c\" is forbidden");
        assertCondition(status, ConditionTypes.READY, "False", "ReconcileFailed", "see the Reconciled condition");
        assertThat(condition(status, ConditionTypes.AVAILABLE).getStatus()).isEqualTo("True");
    }

    @Test
    void pausedWithPendingChangesIsNotReady() {
        Reconciliation paused = new Reconciliation.Paused(Optional.of(List.of("update StatefulSet c")));
        SocketIoClusterStatus status = at("2026-01-01T00:00:00Z")
                .compute(
                        cluster(2),
                        List.of(),
                        Optional.of(REACHABLE),
                        Optional.of(Sts.rolledOut(2).build()),
                        paused,
                        Optional.of(CLASSIC));
        assertCondition(
                status,
                ConditionTypes.RECONCILED,
                "False",
                "Paused",
                "reconciliation is paused by the"
                        + " annotation socketiooperator.org/pause-reconciliation=true: nothing but this status is written;"
                        + " not applied: update StatefulSet c");
        assertThat(condition(status, ConditionTypes.READY).getReason()).isEqualTo("Paused");

        // Nothing pending: the nodes are what the spec asks for, so Ready says what they are.
        SocketIoClusterStatus idle = at("2026-01-01T00:00:00Z")
                .compute(
                        cluster(2),
                        List.of(),
                        Optional.of(REACHABLE),
                        Optional.of(Sts.rolledOut(2).build()),
                        new Reconciliation.Paused(Optional.of(List.of())),
                        Optional.of(CLASSIC));
        assertThat(condition(idle, ConditionTypes.READY).getStatus()).isEqualTo("True");
        assertThat(condition(idle, ConditionTypes.RECONCILED).getMessage())
                .endsWith("the dependents say what the spec asks for");
    }

    @Test
    void anUnexpectedFailureReplacesReadyAndReconciledInPlace() {
        SocketIoCluster cluster = cluster(2);
        cluster.setStatus(compute("2026-01-01T00:00:00Z", cluster, Sts.rolledOut(2)));
        SocketIoClusterStatus status = at("2026-01-01T00:01:00Z")
                .failed(cluster, Reconciliation.Failed.of("reconcile", new IllegalStateException("boom")));
        assertThat(status.conditions())
                .extracting(Condition::getType)
                .isEqualTo(cluster.getStatus().conditions().stream()
                        .map(Condition::getType)
                        .toList());
        assertCondition(
                status,
                ConditionTypes.RECONCILED,
                "False",
                "ReconcileFailed",
                "reconcile failed: java.lang.IllegalStateException: boom");
        assertCondition(status, ConditionTypes.READY, "False", "ReconcileFailed", "see the Reconciled condition");
        assertThat(condition(status, ConditionTypes.AVAILABLE))
                .isEqualTo(condition(cluster.getStatus(), ConditionTypes.AVAILABLE));
        assertThat(status.running()).isEqualTo(cluster.getStatus().running());
    }

    @ParameterizedTest
    @CsvSource({
        "403, Forbidden",
        "409, Conflict",
        "422, Invalid",
        "400, Invalid",
        "404, ApplyFailed",
        "500, ApplyFailed"
    })
    void apiErrorsGetAReasonByHttpCode(int code, String reason) {
        KubernetesClientException error =
                new KubernetesClientException(new io.fabric8.kubernetes.api.model.StatusBuilder()
                        .withCode(code)
                        .withMessage("why")
                        .build());
        Reconciliation.Failed failed = Reconciliation.Failed.of("creation of Ingress c", error);
        assertThat(failed.reason()).isEqualTo(reason);
        assertThat(failed.message()).isEqualTo("creation of Ingress c was refused with HTTP " + code + ": why");
    }

    @Test
    void noAnswerFromTheApiServerAndLongMessages() {
        Reconciliation.Failed noAnswer = Reconciliation.Failed.of(
                "update of StatefulSet c", new KubernetesClientException("Connection refused"));
        assertThat(noAnswer.reason()).isEqualTo("ApplyFailed");
        assertThat(noAnswer.message()).isEqualTo("update of StatefulSet c failed: Connection refused");

        Reconciliation.Failed longOne = Reconciliation.Failed.of("x", new KubernetesClientException("y".repeat(5000)));
        assertThat(longOne.message()).hasSize(Reconciliation.MAX_MESSAGE).endsWith("...");
    }

    private static SocketIoClusterStatus compute(String instant, SocketIoCluster cluster, Sts sts) {
        return compute(instant, cluster, sts.build());
    }

    private static SocketIoClusterStatus compute(String instant, SocketIoCluster cluster, StatefulSet sts) {
        return at(instant)
                .compute(cluster, List.of(), Optional.of(REACHABLE), Optional.of(sts), APPLIED, Optional.of(CLASSIC));
    }

    private static SocketIoCluster cluster(int replicas) {
        return Manifests.cluster("c", "ns", "replicas: " + replicas + "\n" + Manifests.MINIMAL_SPEC);
    }

    private static StatusCalculator at(String instant) {
        return new StatusCalculator(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    private static Condition condition(SocketIoClusterStatus status, String type) {
        return Conditions.find(status.conditions(), type).orElseThrow();
    }

    private static void assertCondition(
            SocketIoClusterStatus status, String type, String value, String reason, String message) {
        Condition condition = condition(status, type);
        assertThat(condition.getStatus()).as(type).isEqualTo(value);
        assertThat(condition.getReason()).as(type).isEqualTo(reason);
        assertThat(condition.getMessage()).as(type).isEqualTo(message);
    }

    /** A StatefulSet "c" with the status the StatefulSet controller writes; starts fully rolled out at c-1. */
    private static final class Sts {
        private int specReplicas;
        private long generation = 2;
        private Long observed = 2L;
        private int replicas;
        private int ready;
        private Integer available;
        private int updated;
        private String current = "c-1";
        private String update = "c-1";
        private String image = "node:1";
        private String checksum = "checksum-1";
        private Integer partition;
        private boolean onDelete;
        private final List<EnvVar> env = new ArrayList<>();

        static Sts rolledOut(int replicas) {
            Sts sts = new Sts();
            sts.specReplicas = replicas;
            sts.replicas = replicas;
            sts.ready = replicas;
            sts.updated = replicas;
            return sts;
        }

        Sts generation(long value) {
            generation = value;
            return this;
        }

        Sts observed(long value) {
            observed = value;
            return this;
        }

        Sts replicas(int value) {
            replicas = value;
            return this;
        }

        Sts ready(int value) {
            ready = value;
            return this;
        }

        Sts available(int value) {
            available = value;
            return this;
        }

        Sts updated(int value) {
            updated = value;
            return this;
        }

        Sts current(String value) {
            current = value;
            return this;
        }

        Sts update(String value) {
            update = value;
            return this;
        }

        Sts image(String value) {
            image = value;
            return this;
        }

        Sts checksum(String value) {
            checksum = value;
            return this;
        }

        Sts partition(int value) {
            partition = value;
            return this;
        }

        Sts onDelete() {
            onDelete = true;
            return this;
        }

        Sts env(EnvVar value) {
            env.add(value);
            return this;
        }

        StatefulSet build() {
            StatefulSetBuilder builder = new StatefulSetBuilder()
                    .withNewMetadata()
                    .withName("c")
                    .withGeneration(generation)
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(specReplicas)
                    .withNewTemplate()
                    .withNewMetadata()
                    .withAnnotations(Map.of(ClusterNames.CONFIG_CHECKSUM_ANNOTATION, checksum))
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("node")
                    .withImage(image)
                    .withEnv(env)
                    .endContainer()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .withNewStatus()
                    .withObservedGeneration(observed)
                    .withReplicas(replicas)
                    .withReadyReplicas(ready)
                    .withAvailableReplicas(available)
                    .withUpdatedReplicas(updated)
                    .withCurrentRevision(current)
                    .withUpdateRevision(update)
                    .endStatus();
            if (onDelete) {
                builder.editSpec()
                        .withNewUpdateStrategy()
                        .withType("OnDelete")
                        .endUpdateStrategy()
                        .endSpec();
            } else if (partition != null) {
                builder.editSpec()
                        .withNewUpdateStrategy()
                        .withType("RollingUpdate")
                        .withNewRollingUpdate()
                        .withPartition(partition)
                        .endRollingUpdate()
                        .endUpdateStrategy()
                        .endSpec();
            }
            return builder.build();
        }
    }
}
