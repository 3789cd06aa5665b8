package org.socketiooperator.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.socketiooperator.operator.dependents.ClusterNames;
import org.socketiooperator.operator.dependents.NodeStatefulSet;
import org.socketiooperator.operator.model.Defaults;
import org.socketiooperator.operator.model.RedisStatus;
import org.socketiooperator.operator.model.RunningStatus;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.model.SocketIoClusterStatus;
import org.socketiooperator.operator.redis.ProbeOutcome;

/** Computes a cluster's status from what the reconcile found. Pure: no I/O, so it is easy to test. */
public final class StatusCalculator {
    /** The Accepted reason when a referenced Secret lacks the watch label: read, but not watched. */
    public static final String SECRET_NOT_WATCHED = "SecretNotWatched";

    static final String ADAPTER_MODE_ENV = "SIO_ADAPTER_MODE";

    private final Clock clock;

    public StatusCalculator(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param problems why the spec cannot be honoured; empty when accepted
     * @param probe the Redis check, or empty when it was not run (spec rejected before)
     * @param statefulSet the nodes' StatefulSet as last seen (after this reconcile's own write, if any)
     * @param reconciliation what became of the dependents
     * @param wanted the node configuration the spec asks for; empty when the spec was not accepted
     */
    public SocketIoClusterStatus compute(
            SocketIoCluster cluster,
            List<SpecProblem> problems,
            Optional<ProbeOutcome> probe,
            Optional<StatefulSet> statefulSet,
            Reconciliation reconciliation,
            Optional<NodeConfig> wanted) {
        return compute(cluster, problems, probe, statefulSet, reconciliation, wanted, List.of());
    }

    /**
     * @param unwatchedSecrets referenced Secrets read although they lack the watch label: the spec is
     *     accepted, with reason SecretNotWatched naming them
     */
    public SocketIoClusterStatus compute(
            SocketIoCluster cluster,
            List<SpecProblem> problems,
            Optional<ProbeOutcome> probe,
            Optional<StatefulSet> statefulSet,
            Reconciliation reconciliation,
            Optional<NodeConfig> wanted,
            List<String> unwatchedSecrets) {
        return compute(
                cluster, problems, probe, statefulSet, Optional.empty(), reconciliation, wanted, unwatchedSecrets);
    }

    /**
     * @param serving the StatefulSet whose nodes the client Service selects, when it is not {@code statefulSet}
     *     (during a blue/green switch the old generation serves while the new one starts): Available is about it
     */
    public SocketIoClusterStatus compute(
            SocketIoCluster cluster,
            List<SpecProblem> problems,
            Optional<ProbeOutcome> probe,
            Optional<StatefulSet> statefulSet,
            Optional<StatefulSet> serving,
            Reconciliation reconciliation,
            Optional<NodeConfig> wanted,
            List<String> unwatchedSecrets) {
        SocketIoClusterStatus old = cluster.getStatus();
        Situation at = new Situation(
                old == null ? List.of() : old.conditions(),
                Optional.ofNullable(cluster.getMetadata().getGeneration()).orElse(0L),
                clock.instant());
        int desired = cluster.getSpec() == null ? 0 : cluster.getSpec().replicas();
        Optional<Rollout> rollout = statefulSet.map(Rollout::of);

        Condition accepted = problems.isEmpty() && !unwatchedSecrets.isEmpty()
                ? at.condition(
                        ConditionTypes.ACCEPTED,
                        true,
                        SECRET_NOT_WATCHED,
                        "the spec can be honoured,"
                                + " but Secret "
                                + String.join(
                                        ", ",
                                        unwatchedSecrets.stream()
                                                .map(n -> "'" + n + "'")
                                                .toList())
                                + " lacks the label " + SocketIoCluster.SECRET_WATCH_LABEL
                                + "=true: it is read at every re-check but not"
                                + " watched, so a change reaches the nodes only at the next re-check; label it to apply changes at once")
                : problems.isEmpty()
                        ? at.condition(ConditionTypes.ACCEPTED, true, "SpecAccepted", "the spec can be honoured")
                        : at.condition(
                                ConditionTypes.ACCEPTED,
                                false,
                                problems.get(0).reason(),
                                String.join(
                                        "; ",
                                        problems.stream()
                                                .map(SpecProblem::message)
                                                .toList()));
        Condition redis = probe.map(outcome -> redisCondition(outcome, at))
                .orElseGet(() -> at.condition(
                        ConditionTypes.REDIS_REACHABLE,
                        "Unknown",
                        "NotChecked",
                        "Redis is checked once the spec is accepted"));

        RunningStatus running = statefulSet
                .flatMap(sts -> running(sts, rollout.get(), wanted, old))
                .orElse(null);
        RedisStatus redisStatus =
                probe.map(outcome -> redisStatus(outcome, old)).orElse(old == null ? null : old.redis());
        int replicas = rollout.map(Rollout::replicas).orElse(0);
        int readyReplicas = rollout.map(Rollout::ready).orElse(0);
        int updated = rollout.map(Rollout::updated).orElse(0);
        Condition progressing = progressing(problems, reconciliation, rollout, at);
        String lastProgress = null;
        if ("True".equals(progressing.getStatus())) {
            boolean moved = old == null
                    || old.lastProgressTime() == null
                    || !Objects.equals(old.replicas(), replicas)
                    || !Objects.equals(old.readyReplicas(), readyReplicas)
                    || !Objects.equals(old.updatedReplicas(), updated);
            lastProgress = moved
                    ? at.now()
                            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                            .toString()
                    : old.lastProgressTime();
            progressing = deadline(progressing, lastProgress, cluster, at);
        }
        return new SocketIoClusterStatus(
                at.generation(),
                replicas,
                readyReplicas,
                updated,
                ClusterNames.selectorString(cluster),
                running == null ? null : running.adapterMode(),
                running,
                redisStatus,
                List.of(
                        ready(problems, reconciliation, rollout, desired, at),
                        available(problems, serving.map(Rollout::of).or(() -> rollout), desired, at),
                        progressing,
                        reconciled(reconciliation, at),
                        redis,
                        accepted),
                lastProgress);
    }

    /**
     * Progressing=False with reason ProgressDeadlineExceeded once the rollout went
     * spec.updateStrategy.progressDeadlineSeconds without progress; True again with the next progress.
     */
    private static Condition deadline(
            Condition progressing, String lastProgress, SocketIoCluster cluster, Situation at) {
        int seconds = cluster.getSpec() == null
                ? Defaults.PROGRESS_DEADLINE_SECONDS
                : cluster.getSpec().updateStrategy().progressDeadlineSeconds();
        Instant since;
        try {
            since = Instant.parse(lastProgress);
        } catch (java.time.format.DateTimeParseException e) {
            return progressing;
        }
        if (!since.plusSeconds(seconds).isBefore(at.now())) {
            return progressing;
        }
        return at.condition(
                ConditionTypes.PROGRESSING,
                false,
                "ProgressDeadlineExceeded",
                "no progress for more than " + seconds + " s (spec.updateStrategy.progressDeadlineSeconds): "
                        + progressing.getMessage());
    }

    /**
     * The status after a reconcile failed before it could compute one (an unexpected error): Reconciled and
     * Ready say so, everything else is kept as it was last seen.
     */
    public SocketIoClusterStatus failed(SocketIoCluster cluster, Reconciliation.Failed failure) {
        SocketIoClusterStatus old = cluster.getStatus();
        List<Condition> previous = old == null ? List.of() : old.conditions();
        Situation at = new Situation(
                previous,
                Optional.ofNullable(cluster.getMetadata().getGeneration()).orElse(0L),
                clock.instant());
        Condition ready = at.condition(
                ConditionTypes.READY, false, Reconciliation.RECONCILE_FAILED, "see the Reconciled condition");
        Condition reconciled = reconciled(failure, at);
        // Replaced in place, so the order of the conditions does not change.
        List<Condition> conditions = new ArrayList<>(previous.stream()
                .map(c -> ConditionTypes.READY.equals(c.getType())
                        ? ready
                        : ConditionTypes.RECONCILED.equals(c.getType()) ? reconciled : c)
                .toList());
        if (!conditions.contains(ready)) {
            conditions.add(0, ready);
        }
        if (!conditions.contains(reconciled)) {
            conditions.add(reconciled);
        }
        if (old == null) {
            return new SocketIoClusterStatus(
                    at.generation(),
                    null,
                    null,
                    null,
                    ClusterNames.selectorString(cluster),
                    null,
                    null,
                    null,
                    conditions,
                    null);
        }
        return new SocketIoClusterStatus(
                old.observedGeneration(),
                old.replicas(),
                old.readyReplicas(),
                old.updatedReplicas(),
                old.selector(),
                old.adapterMode(),
                old.running(),
                old.redis(),
                conditions,
                old.lastProgressTime());
    }

    private static Condition ready(
            List<SpecProblem> problems,
            Reconciliation reconciliation,
            Optional<Rollout> found,
            int desired,
            Situation at) {
        if (!problems.isEmpty()) {
            return at.condition(
                    ConditionTypes.READY, false, Reconciliation.SPEC_NOT_ACCEPTED, "see the Accepted condition");
        }
        if (reconciliation instanceof Reconciliation.Failed) {
            return at.condition(
                    ConditionTypes.READY, false, Reconciliation.RECONCILE_FAILED, "see the Reconciled condition");
        }
        if (reconciliation instanceof Reconciliation.Paused paused
                && paused.pending().map(p -> !p.isEmpty()).orElse(true)) {
            return at.condition(
                    ConditionTypes.READY,
                    false,
                    Reconciliation.PAUSED,
                    "the spec is not applied while reconciliation is paused; see the Reconciled condition");
        }
        if (found.isEmpty()) {
            return at.condition(ConditionTypes.READY, false, "Creating", "the nodes are being created");
        }
        Rollout rollout = found.get();
        if (!rollout.observed()) {
            return at.condition(ConditionTypes.READY, false, "WaitingForController", rollout.notObserved());
        }
        if (rollout.specReplicas() != desired) {
            return at.condition(
                    ConditionTypes.READY,
                    false,
                    "Scaling",
                    "StatefulSet " + rollout.name() + " asks for " + rollout.specReplicas() + " nodes, the spec for "
                            + desired);
        }
        if (!rollout.updateDone()) {
            return at.condition(ConditionTypes.READY, false, updateReason(rollout), rollout.updateProgress());
        }
        if (rollout.replicas() != desired) {
            return at.condition(ConditionTypes.READY, false, "Scaling", scaling(rollout, desired));
        }
        int ready = rollout.readyForMinReadySeconds();
        if (ready < desired) {
            String message = rollout.ready() + " of " + desired + " nodes ready";
            if (rollout.ready() >= desired) {
                message += ", " + ready + " of them for minReadySeconds";
            }
            return at.condition(ConditionTypes.READY, false, "NodesNotReady", message);
        }
        if (desired == 0) {
            // Nothing to run is the state asked for; Available says that no client can connect.
            return at.condition(ConditionTypes.READY, true, "ScaledToZero", "spec.replicas is 0: no nodes run");
        }
        String message = rollout.ready() + " of " + desired + " nodes ready";
        if (rollout.partitioned()) {
            message += "; " + rollout.updateProgress();
        }
        return at.condition(ConditionTypes.READY, true, "NodesReady", message);
    }

    private static Condition available(List<SpecProblem> problems, Optional<Rollout> found, int desired, Situation at) {
        if (found.isEmpty()) {
            return problems.isEmpty()
                    ? at.condition(ConditionTypes.AVAILABLE, false, "Creating", "the nodes are being created")
                    : at.condition(ConditionTypes.AVAILABLE, false, "NoNodes", "no nodes: the spec is not accepted");
        }
        Rollout rollout = found.get();
        if (rollout.ready() > 0) {
            return at.condition(
                    ConditionTypes.AVAILABLE,
                    true,
                    "NodesAvailable",
                    rollout.ready() + (rollout.ready() == 1 ? " node is" : " nodes are") + " ready to serve clients");
        }
        if (desired == 0 && rollout.specReplicas() == 0) {
            return at.condition(ConditionTypes.AVAILABLE, false, "ScaledToZero", "spec.replicas is 0: no nodes run");
        }
        return at.condition(
                ConditionTypes.AVAILABLE,
                false,
                "NoNodesReady",
                "none of " + Math.max(rollout.replicas(), rollout.specReplicas()) + " nodes is ready");
    }

    /** About the StatefulSet's pods only; whether the spec reached the StatefulSet is Reconciled's business. */
    private static Condition progressing(
            List<SpecProblem> problems, Reconciliation reconciliation, Optional<Rollout> found, Situation at) {
        if (found.isEmpty()) {
            if (!problems.isEmpty()) {
                return at.condition(
                        ConditionTypes.PROGRESSING,
                        false,
                        Reconciliation.SPEC_NOT_ACCEPTED,
                        "nothing is rolled out: see the Accepted condition");
            }
            if (reconciliation instanceof Reconciliation.Paused || reconciliation instanceof Reconciliation.Failed) {
                return at.condition(
                        ConditionTypes.PROGRESSING,
                        false,
                        "NoStatefulSet",
                        "there is no StatefulSet to roll out: see the Reconciled condition");
            }
            return at.condition(ConditionTypes.PROGRESSING, true, "Creating", "the nodes are being created");
        }
        Rollout rollout = found.get();
        if (!rollout.observed()) {
            return at.condition(ConditionTypes.PROGRESSING, true, "WaitingForController", rollout.notObserved());
        }
        if (!rollout.updateDone()) {
            return at.condition(ConditionTypes.PROGRESSING, true, updateReason(rollout), rollout.updateProgress());
        }
        if (rollout.replicas() != rollout.specReplicas()) {
            return at.condition(ConditionTypes.PROGRESSING, true, "Scaling", scaling(rollout, rollout.specReplicas()));
        }
        if (rollout.partitioned()) {
            return at.condition(
                    ConditionTypes.PROGRESSING,
                    false,
                    "Partitioned",
                    rollout.updateProgress() + "; lower the partition to go on");
        }
        // As a Deployment's: complete once the updated nodes are also ready (for minReadySeconds). A node that
        // stops being ready after that does not reopen the rollout; Ready and Available say so.
        int settled = rollout.readyForMinReadySeconds();
        boolean wasProgressing = Conditions.find(at.previous(), ConditionTypes.PROGRESSING)
                .map(c -> !"False".equals(c.getStatus()) || "ProgressDeadlineExceeded".equals(c.getReason()))
                .orElse(true);
        if (wasProgressing && settled < rollout.specReplicas()) {
            return at.condition(
                    ConditionTypes.PROGRESSING,
                    true,
                    "WaitingForNodesReady",
                    settled + " of "
                            + rollout.specReplicas() + " updated nodes ready"
                            + (rollout.ready() > settled
                                    ? " (" + rollout.ready() + " ready, " + settled + " of them for minReadySeconds)"
                                    : ""));
        }
        return at.condition(
                ConditionTypes.PROGRESSING,
                false,
                "RolloutComplete",
                rollout.specReplicas() + " of " + rollout.specReplicas() + " nodes run revision "
                        + rollout.uniformRevision());
    }

    private static Condition reconciled(Reconciliation reconciliation, Situation at) {
        if (reconciliation instanceof Reconciliation.Failed failed) {
            return at.condition(ConditionTypes.RECONCILED, false, failed.reason(), failed.message());
        }
        if (reconciliation instanceof Reconciliation.Paused paused) {
            return at.condition(
                    ConditionTypes.RECONCILED,
                    false,
                    Reconciliation.PAUSED,
                    "reconciliation is paused by the annotation " + SocketIoCluster.PAUSE_ANNOTATION
                            + "=true: nothing but"
                            + " this status is written; "
                            + paused.pending()
                                    .map(p -> p.isEmpty()
                                            ? "the dependents say what the spec asks for"
                                            : "not applied: " + String.join(", ", p))
                                    .orElse("the spec is not accepted either (see the Accepted condition)"));
        }
        if (reconciliation instanceof Reconciliation.NotAttempted) {
            return at.condition(
                    ConditionTypes.RECONCILED,
                    false,
                    Reconciliation.SPEC_NOT_ACCEPTED,
                    "nothing was written: see the Accepted condition");
        }
        return at.condition(
                ConditionTypes.RECONCILED, true, Reconciliation.APPLIED, "the dependents say what the spec asks for");
    }

    private static String updateReason(Rollout rollout) {
        return rollout.onDelete() ? "WaitingForPodDeletion" : "RollingUpdate";
    }

    private static String scaling(Rollout rollout, int wanted) {
        return rollout.replicas() + (rollout.replicas() == 1 ? " node exists, " : " nodes exist, ") + wanted
                + " wanted";
    }

    /**
     * What the pods run, read from the pod template once every pod runs it; while they do not, what was
     * recorded for the revision the not yet updated pods still run.
     */
    private static Optional<RunningStatus> running(
            StatefulSet sts, Rollout rollout, Optional<NodeConfig> wanted, SocketIoClusterStatus old) {
        Optional<RunningStatus> before = Optional.ofNullable(old).map(SocketIoClusterStatus::running);
        if (!rollout.uniform() || rollout.uniformRevision() == null) {
            return before.filter(r -> Objects.equals(r.revision(), rollout.currentRevision()));
        }
        String revision = rollout.uniformRevision();
        Optional<Container> node = Optional.ofNullable(sts.getSpec().getTemplate())
                .map(PodTemplateSpec::getSpec)
                .flatMap(pod -> pod.getContainers().stream()
                        .filter(c -> NodeStatefulSet.CONTAINER.equals(c.getName()))
                        .findFirst());
        if (node.isEmpty()) {
            return Optional.empty();
        }
        String mode = adapterMode(sts.getSpec().getTemplate(), node.get(), wanted)
                .or(() -> before.filter(r -> revision.equals(r.revision())).map(RunningStatus::adapterMode))
                .orElse(null);
        return Optional.of(new RunningStatus(revision, node.get().getImage(), mode));
    }

    /** An env entry on the container wins over the ConfigMap, as it does in the pod. */
    private static Optional<String> adapterMode(PodTemplateSpec template, Container node, Optional<NodeConfig> wanted) {
        Optional<String> fromEnv = Optional.ofNullable(node.getEnv()).stream()
                .flatMap(List::stream)
                .filter(e -> ADAPTER_MODE_ENV.equals(e.getName()))
                .map(EnvVar::getValue)
                .filter(Objects::nonNull)
                .findFirst();
        if (fromEnv.isPresent()) {
            return fromEnv;
        }
        String checksum = Optional.ofNullable(template.getMetadata())
                .map(m -> m.getAnnotations())
                .map(a -> a.get(ClusterNames.CONFIG_CHECKSUM_ANNOTATION))
                .orElse(null);
        return wanted.filter(w -> w.checksum().equals(checksum)).map(NodeConfig::adapterMode);
    }

    private static Condition redisCondition(ProbeOutcome outcome, Situation at) {
        if (outcome instanceof ProbeOutcome.Reachable r) {
            return at.condition(
                    ConditionTypes.REDIS_REACHABLE,
                    true,
                    "Reachable",
                    "Redis " + r.version() + " (" + r.topology().wireName() + ") answered at " + r.endpoint());
        }
        ProbeOutcome.Unreachable u = (ProbeOutcome.Unreachable) outcome;
        return at.condition(ConditionTypes.REDIS_REACHABLE, false, u.reason(), u.message());
    }

    private static RedisStatus redisStatus(ProbeOutcome outcome, SocketIoClusterStatus old) {
        if (outcome instanceof ProbeOutcome.Reachable r) {
            return new RedisStatus(r.endpoint(), r.version(), r.topology().wireName(), r.shardedPubSub());
        }
        // Keep what was detected last time: an outage does not change the server's version.
        return old != null && old.redis() != null ? old.redis() : new RedisStatus(outcome.endpoint(), null, null, null);
    }

    /** The previous conditions, the generation and the time every condition of one status is computed at. */
    private record Situation(List<Condition> previous, long generation, Instant now) {
        Condition condition(String type, boolean status, String reason, String message) {
            return Conditions.of(type, status, reason, message, generation, previous, now);
        }

        Condition condition(String type, String status, String reason, String message) {
            return Conditions.of(type, status, reason, message, generation, previous, now);
        }
    }
}
