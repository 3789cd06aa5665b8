package org.socketiooperator.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.operator.config.OperatorConfig;
import org.socketiooperator.operator.dependents.Dependent;
import org.socketiooperator.operator.dependents.DesiredInputs;
import org.socketiooperator.operator.events.EventRecorder;
import org.socketiooperator.operator.model.AdapterMode;
import org.socketiooperator.operator.model.RedisSpec;
import org.socketiooperator.operator.model.RedisTopology;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.model.SocketIoClusterSpec;
import org.socketiooperator.operator.model.SocketIoClusterStatus;
import org.socketiooperator.operator.redis.ProbeOutcome;
import org.socketiooperator.operator.redis.ProbeOutcome.DetectedTopology;
import org.socketiooperator.operator.redis.RedisProber;
import org.socketiooperator.operator.rollout.DefaultImageRollouts;
import org.socketiooperator.operator.rollout.NodeRollout;
import org.socketiooperator.operator.status.ClusterStatusObserver;
import org.socketiooperator.operator.status.ConditionTypes;
import org.socketiooperator.operator.status.Conditions;
import org.socketiooperator.operator.status.NodeConfig;
import org.socketiooperator.operator.status.Reconciliation;
import org.socketiooperator.operator.status.SpecProblem;
import org.socketiooperator.operator.status.SpecWarnings;
import org.socketiooperator.operator.status.StatusCalculator;

/**
 * Turns a SocketIoCluster into its dependents and reports what it found. Order: validate the spec, read the
 * referenced Secrets, check Redis, then write the dependents only if all of that allows it; the status is
 * patched only when it changed, and Redis is checked again every probe interval.
 */
@ControllerConfiguration(
        generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = SocketIoClusterReconciler.SpecOrPauseChanged.class))
public final class SocketIoClusterReconciler implements Reconciler<SocketIoCluster> {
    /** Progressing reasons of a rollout under way: its start and its end are posted as events. */
    private static final Set<String> ROLLING = Set.of("RollingUpdate", "WaitingForPodDeletion");
    /** False conditions that are no news: being created, scaled to zero, or what another condition reports. */
    private static final Set<String> QUIET =
            Set.of("Creating", "ScaledToZero", "NoNodes", Reconciliation.SPEC_NOT_ACCEPTED, Reconciliation.PAUSED);

    private static final Logger LOG = LoggerFactory.getLogger(SocketIoClusterReconciler.class);

    private final OperatorConfig config;
    private final RedisProber prober;
    private final DependentWriter writer;
    private final StatusWriter statusWriter;
    private final StatusCalculator statusCalculator;
    private final EventRecorder events;
    /** Which dependents to write, in which order: rollouts across wire generations (docs/adr/0002-rollouts.md). */
    private final NodeRollout rollout;
    /** The same for paused clusters, whose plan is only reported: its default-image slots are its own. */
    private final NodeRollout pausedPlanner;

    private final DrainSignaller drainSignaller;
    private final OptionalDependents optionalDependents;
    private final Clock clock;

    private final ClusterStatusObserver statusObserver;

    public SocketIoClusterReconciler(OperatorConfig config, RedisProber prober, EventRecorder events, Clock clock) {
        this(config, prober, events, clock, ClusterStatusObserver.NONE);
    }

    public SocketIoClusterReconciler(
            OperatorConfig config,
            RedisProber prober,
            EventRecorder events,
            Clock clock,
            ClusterStatusObserver statusObserver) {
        this.config = config;
        this.statusObserver = statusObserver;
        this.prober = prober;
        this.writer = new DependentWriter(config.serverSideApply());
        this.statusWriter = new StatusWriter(config.serverSideApply());
        this.statusCalculator = new StatusCalculator(clock);
        this.events = events;
        this.rollout = new NodeRollout(
                new DefaultImageRollouts(
                        config.nodeImageRollouts(), config.probeInterval().multipliedBy(3)),
                NodeRollout.waitRecheck(config.probeInterval()),
                clock);
        this.drainSignaller = new DrainSignaller(clock);
        this.optionalDependents = new OptionalDependents(writer);
        this.clock = clock;
        this.pausedPlanner = new NodeRollout(
                new DefaultImageRollouts(
                        Integer.MAX_VALUE, config.probeInterval().multipliedBy(3)),
                NodeRollout.waitRecheck(config.probeInterval()),
                clock);
    }

    @Override
    public List<EventSource<?, SocketIoCluster>> prepareEventSources(EventSourceContext<SocketIoCluster> context) {
        return List.of(
                informer(ConfigMap.class, context),
                informer(Service.class, context),
                informer(StatefulSet.class, context),
                informer(PodDisruptionBudget.class, context),
                informer(Ingress.class, context),
                informer(NetworkPolicy.class, context),
                secrets(context));
    }

    /**
     * Secrets are not owned, so they map back through an index of the clusters' references: a Secret created
     * after its cluster, or rotated, reconciles the clusters that read it (and its new resource version rolls
     * their pods through the config checksum). Only Secrets labelled {@code socketiooperator.org/watch=true}
     * are listed, watched and cached: never every Secret of the cluster (TLS keys, Helm release Secrets). A
     * referenced Secret without the label is still read with a GET at each reconcile, and Accepted says so.
     */
    private static EventSource<?, SocketIoCluster> secrets(EventSourceContext<SocketIoCluster> context) {
        context.getPrimaryCache().addIndexer(ReferencedSecrets.INDEX, ReferencedSecrets::keys);
        return new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Secret.class, SocketIoCluster.class)
                        .withName("referenced-secrets")
                        .withNamespacesInheritedFromController()
                        .withLabelSelector(ReferencedSecrets.WATCH_SELECTOR)
                        .withSecondaryToPrimaryMapper(
                                secret -> context
                                        .getPrimaryCache()
                                        .byIndex(ReferencedSecrets.INDEX, ReferencedSecrets.key(secret))
                                        .stream()
                                        .map(ResourceID::fromResource)
                                        .collect(Collectors.toSet()))
                        .build(),
                context);
    }

    private static <R extends HasMetadata> EventSource<?, SocketIoCluster> informer(
            Class<R> type, EventSourceContext<SocketIoCluster> context) {
        return new InformerEventSource<>(
                InformerEventSourceConfiguration.from(type, SocketIoCluster.class)
                        .withNamespacesInheritedFromController()
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(SocketIoCluster.class))
                        .withLabelSelector(org.socketiooperator.operator.dependents.ClusterNames.MANAGED_BY_LABEL + "="
                                + org.socketiooperator.operator.dependents.ClusterNames.MANAGER)
                        .build(),
                context);
    }

    @Override
    public UpdateControl<SocketIoCluster> reconcile(SocketIoCluster cluster, Context<SocketIoCluster> context) {
        SocketIoClusterSpec spec = cluster.getSpec();
        List<SpecProblem> problems = new ArrayList<>();
        if (cluster.unreadableSpec().isPresent()) {
            LOG.warn(
                    "{}/{} has a spec the operator cannot read (was the schema bypassed?): {}",
                    cluster.getMetadata().getNamespace(),
                    cluster.getMetadata().getName(),
                    cluster.unreadableSpec().get());
            problems.add(new SpecProblem(
                    SpecValidator.INVALID_SPEC, cluster.unreadableSpec().get()));
        } else {
            problems.addAll(SpecValidator.validate(spec));
        }
        Optional<ProbeOutcome> probe = Optional.empty();
        String secretsVersion = "";
        List<String> unwatchedSecrets = List.of();
        if (problems.isEmpty()) {
            RedisTargetResolver.Resolution resolution = new RedisTargetResolver(context.getClient())
                    .resolve(cluster.getMetadata().getNamespace(), spec.redis());
            if (resolution instanceof RedisTargetResolver.Rejected rejected) {
                problems.add(rejected.problem());
            } else {
                RedisTargetResolver.Resolved resolved = (RedisTargetResolver.Resolved) resolution;
                secretsVersion = resolved.secretsVersion();
                unwatchedSecrets = resolved.unwatched();
                probe = Optional.of(prober.probe(resolved.target()));
                problems.addAll(capabilityProblems(spec, probe.get()));
            }
        }

        boolean paused = cluster.reconciliationPaused();
        Reconciliation reconciliation =
                paused ? new Reconciliation.Paused(Optional.empty()) : new Reconciliation.NotAttempted();
        Optional<DependentWriter.WriteFailed> failure = Optional.empty();
        Optional<NodeConfig> wanted = Optional.empty();
        Optional<Duration> recheck = Optional.empty();
        Optional<NodeRollout.Plan> rolled = Optional.empty();
        // The conditions of the optional dependents (PodMonitor, HTTPRoute): as they were unless written below.
        List<Condition> optionalConditions = OptionalDependents.unchanged(cluster);
        if (problems.isEmpty()) {
            DesiredInputs inputs = new DesiredInputs(
                    cluster, image(spec), NodeEnvironment.of(spec, topology(cluster, probe.get())), secretsVersion);
            // A paused cluster is planned by a planner of its own: it must not take a default-image slot.
            NodeRollout.Plan plan = (paused ? pausedPlanner : rollout).plan(inputs, context);
            wanted = Optional.of(new NodeConfig(
                    plan.inputs().configChecksum(),
                    plan.inputs().nodeEnvironment().get("SIO_ADAPTER_MODE")));
            List<String> changes = new ArrayList<>();
            boolean onlyCreated = true;
            if (paused) {
                reconciliation = new Reconciliation.Paused(Optional.of(pending(plan, context)));
            } else {
                recheck = plan.recheckAfter();
                rolled = Optional.of(plan);
                try {
                    for (Dependent<?> dependent : plan.dependents()) {
                        DependentWriter.Change change = writer.apply(dependent, plan.inputs(), context);
                        if (change != DependentWriter.Change.NONE) {
                            changes.add(change.name().toLowerCase() + " "
                                    + dependent.type().getSimpleName() + " " + dependent.name(cluster));
                            onlyCreated &= change == DependentWriter.Change.CREATED;
                        }
                    }
                    OptionalDependents.Outcome optional =
                            optionalDependents.apply(plan.inputs(), context, clock.instant());
                    optionalConditions = optional.conditions();
                    changes.addAll(optional.changes());
                    onlyCreated &= optional.onlyCreated();
                    // After the Service moved: the nodes it no longer selects hand their clients over at once.
                    for (String drained : plan.drains()) {
                        if (drainSignaller.signal(drained, context)) {
                            changes.add("told the nodes of StatefulSet " + drained + " to drain at once");
                            onlyCreated = false;
                        }
                    }
                    reconciliation = new Reconciliation.Applied();
                } catch (DependentWriter.WriteFailed e) {
                    // The rest is not written: the order is one of dependence (no StatefulSet rolled onto a ConfigMap
                    // that was refused). The status and a Warning event say what failed; the retry follows below.
                    failure = Optional.of(e);
                    reconciliation = Reconciliation.Failed.of(e.action(), e.getCause());
                }
                // One event per reconcile that wrote something, not one per object: events are writes too.
                if (!changes.isEmpty()) {
                    events.normal(cluster, onlyCreated ? "Created" : "Updated", capitalize(String.join(", ", changes)));
                }
            }
        }

        // The StatefulSet the spec is rolled onto: during a switch of wire generation the new one (the old one
        // serves the clients until the new one is available); without a plan, the one the clients use.
        Optional<StatefulSet> statefulSet =
                rolled.isPresent() ? rolled.get().rolling(context) : NodeRollout.serving(cluster, context);
        // Read after the writes above: resourceOperations() put what they wrote in the cache, so a StatefulSet
        // updated just now shows its new generation (not yet observed) instead of the finished old rollout.
        // Available is about the nodes that have the clients: during a switch, the old generation's.
        Optional<StatefulSet> serving = rolled.filter(
                        p -> !p.servingStatefulSet().equals(p.rollingStatefulSet()))
                .flatMap(p -> context.getSecondaryResourcesAsStream(StatefulSet.class)
                        .filter(s -> s.getMetadata().getName().equals(p.servingStatefulSet()))
                        .findFirst());
        List<Condition> previousConditions =
                cluster.getStatus() == null ? List.of() : cluster.getStatus().conditions();
        List<Condition> moreConditions = new ArrayList<>(optionalConditions);
        SpecWarnings.of(
                        problems.isEmpty() ? spec : null,
                        Optional.ofNullable(cluster.getMetadata().getGeneration())
                                .orElse(0L),
                        previousConditions,
                        clock.instant())
                .ifPresent(moreConditions::add);
        SocketIoClusterStatus status = statusCalculator
                .compute(cluster, problems, probe, statefulSet, serving, reconciliation, wanted, unwatchedSecrets)
                .withMoreConditions(moreConditions);
        if (!paused) {
            // Events are writes too: a paused cluster gets its status and nothing else.
            reportTransitions(cluster, status);
        }
        statusObserver.observed(cluster, status);

        if (!Objects.equals(status, cluster.getStatus())) {
            StatusWriter.Written written = statusWriter.write(context, cluster, status);
            if (written.specChangedMeanwhile()) {
                LOG.debug(
                        "{}/{} was edited while it was reconciled (generation {} -> {}); reconciling again",
                        cluster.getMetadata().getNamespace(),
                        cluster.getMetadata().getName(),
                        cluster.getMetadata().getGeneration(),
                        written.cluster().getMetadata().getGeneration());
                return UpdateControl.<SocketIoCluster>noUpdate().rescheduleAfter(Duration.ZERO);
            }
        }
        if (failure.isPresent()) {
            if (lastAttempt(context)) {
                // Retries used up: go on at the usual re-check rather than at the framework's 10-hour safety net.
                LOG.warn(
                        "{}/{}: {}; trying again in {}",
                        cluster.getMetadata().getNamespace(),
                        cluster.getMetadata().getName(),
                        failure.get().getMessage(),
                        config.probeInterval());
                return UpdateControl.<SocketIoCluster>noUpdate().rescheduleAfter(config.probeInterval());
            }
            // Thrown for the framework's retry with back-off (and its failure metric); the status already says it.
            throw new FailureReported(failure.get());
        }
        return UpdateControl.<SocketIoCluster>noUpdate()
                .rescheduleAfter(recheck.filter(r -> r.compareTo(config.probeInterval()) < 0)
                        .orElse(config.probeInterval()));
    }

    /**
     * Anything the reconcile did not turn into a status itself (an error reading a Secret, a failed status
     * write, a bug) still reaches the status: Reconciled and Ready False with the error, other conditions kept.
     */
    @Override
    public ErrorStatusUpdateControl<SocketIoCluster> updateErrorStatus(
            SocketIoCluster cluster, Context<SocketIoCluster> context, Exception e) {
        if (!(e instanceof FailureReported)) {
            LOG.warn(
                    "reconciling {}/{} failed: {}",
                    cluster.getMetadata().getNamespace(),
                    cluster.getMetadata().getName(),
                    e.toString());
            SocketIoClusterStatus status = statusCalculator.failed(cluster, Reconciliation.Failed.of("reconcile", e));
            if (!cluster.reconciliationPaused()) {
                reportTransitions(cluster, status);
            }
            try {
                if (!Objects.equals(status, cluster.getStatus())) {
                    statusWriter.write(context, cluster, status);
                }
            } catch (RuntimeException statusError) {
                LOG.warn(
                        "{}/{}: the status could not be written either: {}",
                        cluster.getMetadata().getNamespace(),
                        cluster.getMetadata().getName(),
                        statusError.toString());
            }
        }
        if (lastAttempt(context)) {
            return ErrorStatusUpdateControl.<SocketIoCluster>noStatusUpdate().rescheduleAfter(config.probeInterval());
        }
        return ErrorStatusUpdateControl.defaultErrorProcessing();
    }

    private static boolean lastAttempt(Context<SocketIoCluster> context) {
        return context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(false);
    }

    /** A failure the reconcile already put in the status, thrown so that the framework retries it. */
    static final class FailureReported extends RuntimeException {
        FailureReported(DependentWriter.WriteFailed failure) {
            super(failure.getMessage(), failure);
        }
    }

    /** What a reconcile would write now, for a paused cluster's status ("update StatefulSet chat"). */
    private List<String> pending(NodeRollout.Plan plan, Context<SocketIoCluster> context) {
        List<String> pending = new ArrayList<>();
        for (Dependent<?> dependent : plan.dependents()) {
            DependentWriter.Change change = writer.pending(dependent, plan.inputs(), context);
            if (change != DependentWriter.Change.NONE) {
                String verb = change == DependentWriter.Change.CREATED
                        ? "create"
                        : change == DependentWriter.Change.DELETED ? "delete" : "update";
                pending.add(verb + " " + dependent.type().getSimpleName() + " "
                        + dependent.name(plan.inputs().cluster()));
            }
        }
        plan.drains().forEach(drained -> pending.add("drain the nodes of StatefulSet " + drained));
        return pending;
    }

    /**
     * Reconciles on a new generation (as by default) and also when an annotation the operator acts on changes,
     * which changes no generation: removing the pause must resume at once, and opting in with
     * {@value NodeRollout#ROLL_DEFAULT_IMAGE_ANNOTATION} must roll at once, not at the next re-check.
     */
    public static final class SpecOrPauseChanged implements OnUpdateFilter<SocketIoCluster> {
        @Override
        public boolean accept(SocketIoCluster newResource, SocketIoCluster oldResource) {
            Long before = oldResource.getMetadata().getGeneration();
            Long after = newResource.getMetadata().getGeneration();
            return before == null
                    || after == null
                    || after > before
                    || oldResource.reconciliationPaused() != newResource.reconciliationPaused()
                    || !Objects.equals(
                            annotation(oldResource, NodeRollout.ROLL_DEFAULT_IMAGE_ANNOTATION),
                            annotation(newResource, NodeRollout.ROLL_DEFAULT_IMAGE_ANNOTATION));
        }

        private static String annotation(SocketIoCluster cluster, String key) {
            Map<String, String> annotations = cluster.getMetadata().getAnnotations();
            return annotations == null ? null : annotations.get(key);
        }
    }

    private static List<SpecProblem> capabilityProblems(SocketIoClusterSpec spec, ProbeOutcome probe) {
        List<SpecProblem> problems = new ArrayList<>();
        if (probe instanceof ProbeOutcome.Reachable reachable) {
            if (spec.adapter().mode() == AdapterMode.STREAMS
                    && Boolean.TRUE.equals(spec.adapter().effectiveStreams().useShardedPubSub())
                    && !reachable.shardedPubSub()) {
                problems.add(new SpecProblem(
                        "ShardedPubSubUnsupported",
                        "spec.adapter.streams.useShardedPubSub needs sharded Pub/Sub"
                                + " (Redis 7.0 or later), but Redis at " + reachable.endpoint() + " runs "
                                + reachable.version()
                                + ": leave useShardedPubSub off or upgrade Redis"));
            }
            if (spec.adapter().mode() == AdapterMode.SHARDED && !reachable.shardedPubSub()) {
                problems.add(new SpecProblem(
                        "ShardedPubSubUnsupported",
                        "spec.adapter.mode sharded needs sharded Pub/Sub"
                                + " (Redis 7.0 or later), but Redis at " + reachable.endpoint() + " runs "
                                + reachable.version()
                                + ": use mode classic or upgrade Redis"));
            }
            RedisTopology declared = spec.redis().topology();
            if (declared != RedisTopology.AUTO
                    && !declared.wireName().equals(reachable.topology().wireName())) {
                problems.add(new SpecProblem(
                        "TopologyMismatch",
                        "spec.redis.topology is " + declared.wireName() + " but Redis at " + reachable.endpoint()
                                + " runs as " + reachable.topology().wireName()));
            }
        }
        return problems;
    }

    /** Declared topology wins; otherwise what the probe saw, or what was seen before if Redis is down now. */
    private static DetectedTopology topology(SocketIoCluster cluster, ProbeOutcome probe) {
        RedisSpec redis = cluster.getSpec().redis();
        if (redis.topology() == RedisTopology.CLUSTER || !redis.nodes().isEmpty()) {
            return DetectedTopology.CLUSTER;
        }
        if (redis.topology() == RedisTopology.STANDALONE) {
            return DetectedTopology.STANDALONE;
        }
        if (probe instanceof ProbeOutcome.Reachable reachable) {
            return reachable.topology();
        }
        SocketIoClusterStatus status = cluster.getStatus();
        if (status != null
                && status.redis() != null
                && "cluster".equals(status.redis().topology())) {
            return DetectedTopology.CLUSTER;
        }
        return DetectedTopology.STANDALONE;
    }

    private String image(SocketIoClusterSpec spec) {
        return spec.image() != null && !spec.image().isBlank() ? spec.image() : config.nodeImage();
    }

    /**
     * One event per change a user should hear of: a Warning when a condition that should be True turns False
     * (not Ready, which is False during every rollout, and not for reasons that are no news), a Normal event
     * when Ready turns True or a condition recovers from a Warning, and the start and end of a rolling update.
     */
    private void reportTransitions(SocketIoCluster cluster, SocketIoClusterStatus status) {
        List<Condition> before =
                cluster.getStatus() == null ? List.of() : cluster.getStatus().conditions();
        for (Condition condition : status.conditions()) {
            Optional<Condition> previous = Conditions.find(before, condition.getType());
            boolean changed = previous.isEmpty()
                    || !previous.get().getStatus().equals(condition.getStatus())
                    || !Objects.equals(previous.get().getReason(), condition.getReason());
            if (!changed) {
                continue;
            }
            if (ConditionTypes.WARNING.equals(condition.getType())) {
                events.warning(cluster, condition.getReason(), condition.getMessage());
            } else if (ConditionTypes.PROGRESSING.equals(condition.getType())) {
                boolean wasRolling =
                        previous.map(p -> ROLLING.contains(p.getReason())).orElse(false);
                boolean started = ROLLING.contains(condition.getReason()) && !wasRolling;
                boolean finished = wasRolling && "False".equals(condition.getStatus());
                if (started || finished) {
                    events.normal(cluster, condition.getReason(), condition.getMessage());
                }
            } else if ("False".equals(condition.getStatus())) {
                if (!ConditionTypes.READY.equals(condition.getType()) && !QUIET.contains(condition.getReason())) {
                    events.warning(cluster, condition.getReason(), condition.getMessage());
                }
            } else if ("True".equals(condition.getStatus())
                    && previous.isPresent()
                    && (ConditionTypes.READY.equals(condition.getType())
                            || !QUIET.contains(previous.get().getReason()))) {
                events.normal(cluster, condition.getReason(), condition.getMessage());
            }
        }
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
