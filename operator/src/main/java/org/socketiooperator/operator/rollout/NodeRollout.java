package org.socketiooperator.operator.rollout;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.socketiooperator.operator.dependents.ClientService;
import org.socketiooperator.operator.dependents.ClusterNames;
import org.socketiooperator.operator.dependents.Dependent;
import org.socketiooperator.operator.dependents.DesiredInputs;
import org.socketiooperator.operator.dependents.HeadlessService;
import org.socketiooperator.operator.dependents.NodeConfigMap;
import org.socketiooperator.operator.dependents.NodeDisruptionBudget;
import org.socketiooperator.operator.dependents.NodeGeneration;
import org.socketiooperator.operator.dependents.NodeIngress;
import org.socketiooperator.operator.dependents.NodeNetworkPolicy;
import org.socketiooperator.operator.dependents.NodeStatefulSet;
import org.socketiooperator.operator.dependents.Retired;
import org.socketiooperator.operator.dependents.WireGeneration;
import org.socketiooperator.operator.model.SocketIoCluster;

/**
 * Decides, from what exists, which objects a reconcile writes (docs/adr/0002-rollouts.md):
 * <ul>
 *   <li>a change that old and new nodes can share Redis with rolls the StatefulSet pod by pod;</li>
 *   <li>a wire-incompatible one (a new {@link WireGeneration}) gets a new StatefulSet beside the serving one;
 *       once all its nodes are available the client Service moves to it and, after that write succeeded, the
 *       old StatefulSet is deleted (its pods pause, then drain); its ConfigMap goes once it is gone;</li>
 *   <li>a new default node image (operator upgrade) waits for a slot of {@link DefaultImageRollouts}.</li>
 * </ul>
 * The client Service never selects two generations: its selector names one wire generation, or, while a
 * StatefulSet made before wire generations serves, the cluster's labels only and no second StatefulSet exists.
 */
public final class NodeRollout {
    /** On a cluster: {@code "true"} lets it roll to a new default image now, whatever the limit. */
    public static final String ROLL_DEFAULT_IMAGE_ANNOTATION = "socketiooperator.org/roll-default-image";
    /**
     * On a StatefulSet the Service no longer selects: when its pods were told to drain at once. It stays until
     * its pods report not ready (they drained) or {@link #DRAIN_TIMEOUT} has passed, then it is deleted.
     */
    public static final String DRAIN_REQUESTED_ANNOTATION = "socketiooperator.org/drain-requested-at";
    /**
     * The node's drain signal: on a pod, read by the node through a downwardAPI volume
     * (docs/node-contract.md, {@code SIO_DRAIN_SIGNAL_FILE}).
     */
    public static final String DRAIN_POD_ANNOTATION = "socketiooperator.org/drain";

    public static final String DRAIN_POD_VALUE = "immediate";
    /**
     * How long a signalled generation may take to report its pods not ready: the kubelet's update of the
     * annotations file (seconds), the node's poll (250 ms) and three failed readiness probes 5 s apart. A node
     * image without the signal is deleted after it, and drains the old way (preStop pause, drain period).
     */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final DefaultImageRollouts imageRollouts;
    private final Duration waitRecheck;
    private final Clock clock;

    /**
     * @param waitRecheck how soon a cluster waiting for a default-image slot looks again
     */
    public NodeRollout(DefaultImageRollouts imageRollouts, Duration waitRecheck, Clock clock) {
        this.imageRollouts = imageRollouts;
        this.waitRecheck = waitRecheck;
        this.clock = clock;
    }

    /**
     * What to write, in order.
     *
     * @param inputs what the dependents are computed from
     * @param dependents the objects to write (or delete: {@link Retired}), in this order
     * @param servingStatefulSet the StatefulSet whose nodes get the clients after these writes (by name)
     * @param rollingStatefulSet the StatefulSet the current spec is being rolled onto: the new generation during
     *     a switch, the old one while it gets its wire label, otherwise the only one
     * @param recheckAfter set when the cluster waits for something no watch event announces
     * @param waitingFor why the rollout does not go on yet; empty when nothing waits
     * @param drains StatefulSets the Service no longer selects whose pods are to drain at once, after the
     *     dependents are written (then the Service has moved); each is deleted once its pods drained
     */
    public record Plan(
            DesiredInputs inputs,
            List<Dependent<?>> dependents,
            String servingStatefulSet,
            String rollingStatefulSet,
            Optional<Duration> recheckAfter,
            Optional<String> waitingFor,
            List<String> drains) {

        /** The StatefulSet the status reports on: {@link #rollingStatefulSet()}, as last seen. */
        public Optional<StatefulSet> rolling(Context<SocketIoCluster> context) {
            return context.getSecondaryResourcesAsStream(StatefulSet.class)
                    .filter(s -> s.getMetadata().getName().equals(rollingStatefulSet))
                    .findFirst();
        }
    }

    public Plan plan(DesiredInputs inputs, Context<SocketIoCluster> context) {
        String name = ClusterNames.clientService(inputs.cluster());
        return plan(
                inputs,
                context.getSecondaryResources(StatefulSet.class),
                context.getSecondaryResources(ConfigMap.class),
                context.getSecondaryResourcesAsStream(Service.class)
                        .filter(s -> name.equals(s.getMetadata().getName()))
                        .findFirst(),
                defaultImageRollouts(inputs.image(), allStatefulSets(context)));
    }

    /** Every StatefulSet the operator's informer holds, of all clusters. */
    @SuppressWarnings("unchecked")
    private static java.util.stream.Stream<StatefulSet> allStatefulSets(Context<SocketIoCluster> context) {
        try {
            var source = context.eventSourceRetriever().getEventSourceFor(StatefulSet.class);
            if (source
                    instanceof
                    io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource<?, ?> informer) {
                return ((io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource<
                                        StatefulSet, SocketIoCluster>)
                                informer)
                        .list();
            }
        } catch (RuntimeException e) {
            // no such event source (a test context): only this cluster's own are known
        }
        return context.getSecondaryResourcesAsStream(StatefulSet.class);
    }

    /**
     * The clusters ("namespace/name") whose nodes are rolling to {@code defaultImage} as the operator's default
     * right now, read from their StatefulSets (image and its source recorded on each, rollout not done). Derived
     * from the objects, this survives an operator restart: a new operator counts the rollouts its predecessor
     * started before it gives out a slot.
     */
    static java.util.Set<String> defaultImageRollouts(String defaultImage, java.util.stream.Stream<StatefulSet> sets) {
        return sets.filter(s -> s.getMetadata().getDeletionTimestamp() == null)
                .filter(s -> ClusterNames.MANAGER.equals(
                        labels(s.getMetadata().getLabels()).get(ClusterNames.MANAGED_BY_LABEL)))
                .filter(s -> NodeStatefulSet.IMAGE_FROM_DEFAULT.equals(
                        annotation(s, NodeStatefulSet.IMAGE_SOURCE_ANNOTATION)))
                .filter(s -> defaultImage.equals(annotation(s, NodeStatefulSet.IMAGE_ANNOTATION)))
                .filter(s -> !StatefulSetProgress.rolledOut(s))
                .map(s -> s.getMetadata().getNamespace() + "/"
                        + labels(s.getMetadata().getLabels()).get(ClusterNames.INSTANCE_LABEL))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** A quarter of the probe interval, between 1 and 15 seconds: how soon a waiting cluster looks again. */
    public static Duration waitRecheck(Duration probeInterval) {
        Duration quarter = probeInterval.dividedBy(4);
        return quarter.compareTo(Duration.ofSeconds(1)) < 0
                ? Duration.ofSeconds(1)
                : quarter.compareTo(Duration.ofSeconds(15)) > 0 ? Duration.ofSeconds(15) : quarter;
    }

    /**
     * The StatefulSet whose nodes the client Service selects, as last seen; before the Service exists, the
     * cluster's first StatefulSet.
     */
    public static Optional<StatefulSet> serving(SocketIoCluster cluster, Context<SocketIoCluster> context) {
        String name = ClusterNames.clientService(cluster);
        Collection<StatefulSet> sets = context.getSecondaryResources(StatefulSet.class);
        Optional<StatefulSet> served = serving(
                cluster,
                sets,
                context.getSecondaryResources(ConfigMap.class),
                context.getSecondaryResourcesAsStream(Service.class)
                        .filter(s -> name.equals(s.getMetadata().getName()))
                        .findFirst());
        return served.isPresent()
                ? served
                : sets.stream()
                        .filter(s -> s.getMetadata().getName().equals(ClusterNames.statefulSet(cluster)))
                        .findFirst();
    }

    /** The StatefulSet whose nodes the client Service selects, for status: none before the first write. */
    public static Optional<StatefulSet> serving(
            SocketIoCluster cluster,
            Collection<StatefulSet> sets,
            Collection<ConfigMap> configMaps,
            Optional<Service> clientService) {
        World world = new World(cluster, sets, configMaps, null, java.time.Instant.now());
        return world.servedBy(clientService).map(g -> world.live.get(g.statefulSetName()));
    }

    Plan plan(
            DesiredInputs inputs,
            Collection<StatefulSet> sets,
            Collection<ConfigMap> configMaps,
            Optional<Service> clientService) {
        return plan(inputs, sets, configMaps, clientService, java.util.Set.of());
    }

    /** @param rollingDefaultImage clusters seen rolling to the current default image ({@link #defaultImageRollouts}) */
    Plan plan(
            DesiredInputs inputs,
            Collection<StatefulSet> sets,
            Collection<ConfigMap> configMaps,
            Optional<Service> clientService,
            java.util.Set<String> rollingDefaultImage) {
        SocketIoCluster cluster = inputs.cluster();
        String wire =
                WireGeneration.of(inputs.nodeEnvironment(), inputs.spec().pod().env());
        World world = new World(cluster, sets, configMaps, wire, clock.instant());

        NodeGeneration target = world.generations.stream()
                .filter(g -> wire.equals(g.wire()))
                .min(Comparator.comparing(NodeGeneration::labelledSelector)
                        .thenComparing(NodeGeneration::statefulSetName))
                .orElseGet(() -> world.live.containsKey(ClusterNames.statefulSet(cluster))
                        ? NodeGeneration.beside(cluster, wire)
                        : NodeGeneration.first(cluster, wire));
        NodeGeneration serving = world.servedBy(clientService).orElse(target);

        Optional<String> waiting = Optional.empty();
        Optional<Duration> recheck = Optional.empty();
        DesiredInputs targetInputs = inputs;
        ImageDecision image = image(inputs, world.live.get(target.statefulSetName()), rollingDefaultImage);
        if (image.held()) {
            targetInputs = inputs.withImage(image.image());
            waiting = Optional.of("the new default node image " + inputs.image() + " waits for a rollout slot"
                    + " (operator setting NODE_IMAGE_ROLLOUTS, or annotate the cluster " + ROLL_DEFAULT_IMAGE_ANNOTATION
                    + "=true)");
            recheck = Optional.of(waitRecheck);
        }

        List<Dependent<?>> dependents = new ArrayList<>();
        List<String> keep = new ArrayList<>();
        List<String> drains = new ArrayList<>();
        String servingName;
        String rollingName = target.statefulSetName();
        List<String> drainedSameWire = world.drainingWith(wire);
        if (!drainedSameWire.isEmpty()) {
            // The spec went back to a generation whose nodes were just told to drain: those go first (their pods
            // carry the wire label a new generation's Service selector will name, and maybe its name). The clients
            // stay where they are meanwhile.
            dependents.add(new ClientService(world.serviceSelector(serving, clientService)));
            drainedSameWire.forEach(name -> dependents.add(new Retired<>(StatefulSet.class, name)));
            return new Plan(
                    targetInputs,
                    dependents,
                    serving.statefulSetName(),
                    serving.statefulSetName(),
                    Optional.of(Duration.ofSeconds(1)),
                    Optional.of("the drained StatefulSet(s) " + drainedSameWire
                            + " of the same wire generation are deleted before it is made again"),
                    List.of());
        } else if (serving.statefulSetName().equals(target.statefulSetName())) {
            dependents.add(new NodeConfigMap(target));
            dependents.add(new HeadlessService());
            dependents.add(new NodeStatefulSet(target));
            dependents.add(new ClientService(world.serviceSelector(target, clientService)));
            keep.add(target.statefulSetName());
            servingName = target.statefulSetName();
        } else if (!serving.labelledSelector() && !world.selectsByWire(clientService) && !world.podsLabelled(serving)) {
            // Made before wire generations: the Service selects by the cluster's labels, which the new generation's
            // pods have too. Label the serving pods first (an ordinary roll with their own settings); once they all
            // carry it, the Service selects by it, and only then may the new generation start.
            dependents.add(new HeadlessService());
            dependents.add(new NodeStatefulSet(serving));
            dependents.add(new ClientService(ClusterNames.selectorLabels(cluster)));
            targetInputs = world.inputsOf(serving, inputs);
            keep.add(serving.statefulSetName());
            servingName = serving.statefulSetName();
            rollingName = serving.statefulSetName();
            waiting = Optional.of("labelling the nodes of StatefulSet " + serving.statefulSetName()
                    + " with their wire generation before starting the next one");
        } else {
            StatefulSet next = world.live.get(target.statefulSetName());
            boolean nextAvailable = next != null
                    && StatefulSetProgress.available(next, inputs.spec().replicas());
            // The Service first: it selects one wire generation before any pod of the next one exists, and it has
            // moved to the next one before the old one is deleted (in this order, in one reconcile: the operator's
            // own writes bring no new event).
            dependents.add(new ClientService(
                    nextAvailable ? target.serviceSelector(cluster) : serving.serviceSelector(cluster)));
            dependents.add(new NodeConfigMap(target));
            dependents.add(new HeadlessService());
            dependents.add(new NodeStatefulSet(target));
            keep.add(target.statefulSetName());
            if (nextAvailable) {
                servingName = target.statefulSetName();
                // Its clients go at once, to the generation that is ready for them (docs/adr/0002-rollouts.md).
                drains.add(serving.statefulSetName());
            } else {
                keep.add(serving.statefulSetName());
                servingName = serving.statefulSetName();
                waiting = Optional.of("the clients stay on StatefulSet " + serving.statefulSetName() + " until all "
                        + inputs.spec().replicas() + " nodes of " + target.statefulSetName() + " are available");
            }
        }
        dependents.add(new NodeDisruptionBudget());
        dependents.add(new NodeIngress());
        dependents.add(new NodeNetworkPolicy());
        // Old generations go once the Service no longer sends them clients and their nodes drained; a ConfigMap
        // once its StatefulSet is gone.
        for (String old : world.live.keySet()) {
            if (keep.contains(old)) {
                continue;
            }
            Optional<Duration> draining = drains.contains(old) ? Optional.of(DRAIN_TIMEOUT) : world.drainLeft(old);
            if (draining.isPresent()) {
                if (!drains.contains(old)) {
                    drains.add(old);
                }
                keep.add(old);
                recheck = Optional.of(
                        recheck.filter(r -> r.compareTo(draining.get()) < 0).orElse(draining.get()));
            } else {
                dependents.add(new Retired<>(StatefulSet.class, old));
            }
        }
        for (String configMap : world.configMaps.keySet()) {
            String owner = configMap.substring(0, configMap.length() - "-config".length());
            if (!keep.contains(owner) && !world.live.containsKey(owner)) {
                dependents.add(new Retired<>(ConfigMap.class, configMap));
            }
        }
        return new Plan(targetInputs, dependents, servingName, rollingName, recheck, waiting, List.copyOf(drains));
    }

    /** @param held true when the StatefulSet keeps its current image for now */
    private record ImageDecision(String image, boolean held) {}

    /**
     * A cluster that names no image runs the operator's default. When that default changed under a running
     * StatefulSet (an operator upgrade), the new image waits for a slot; a cluster that names its image, or one
     * that is new, is never held.
     */
    private ImageDecision image(DesiredInputs inputs, StatefulSet live, java.util.Set<String> rollingDefaultImage) {
        String key = inputs.cluster().getMetadata().getNamespace() + "/"
                + inputs.cluster().getMetadata().getName();
        boolean fromDefault = NodeStatefulSet.IMAGE_FROM_DEFAULT.equals(NodeStatefulSet.imageSource(inputs.spec()));
        Optional<String> running = Optional.ofNullable(live).flatMap(NodeRollout::image);
        boolean ranDefault = live != null
                && !NodeStatefulSet.IMAGE_FROM_SPEC.equals(annotation(live, NodeStatefulSet.IMAGE_SOURCE_ANNOTATION));
        if (!fromDefault || running.isEmpty() || !ranDefault) {
            imageRollouts.release(key);
            return new ImageDecision(inputs.image(), false);
        }
        if (running.get().equals(inputs.image())) {
            if (StatefulSetProgress.rolledOut(live)) {
                imageRollouts.release(key);
            } else {
                imageRollouts.stillRolling(key, clock.instant());
            }
            return new ImageDecision(inputs.image(), false);
        }
        boolean optedIn = "true"
                .equals(Optional.ofNullable(inputs.cluster().getMetadata().getAnnotations())
                        .map(a -> a.get(ROLL_DEFAULT_IMAGE_ANNOTATION))
                        .orElse(null));
        rollingDefaultImage.stream()
                .filter(other -> !other.equals(key))
                .forEach(other -> imageRollouts.seen(other, clock.instant()));
        if (imageRollouts.tryAcquire(key, optedIn, clock.instant())) {
            return new ImageDecision(inputs.image(), false);
        }
        return new ImageDecision(running.get(), true);
    }

    private static Optional<String> image(StatefulSet sts) {
        String recorded = annotation(sts, NodeStatefulSet.IMAGE_ANNOTATION);
        if (recorded != null) {
            return Optional.of(recorded);
        }
        return node(sts).map(Container::getImage);
    }

    private static Optional<Container> node(StatefulSet sts) {
        if (sts.getSpec() == null
                || sts.getSpec().getTemplate() == null
                || sts.getSpec().getTemplate().getSpec() == null) {
            return Optional.empty();
        }
        return sts.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> NodeStatefulSet.CONTAINER.equals(c.getName()))
                .findFirst();
    }

    private static String annotation(StatefulSet sts, String key) {
        Map<String, String> annotations = sts.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        return labels == null ? Map.of() : labels;
    }

    /** The cluster's StatefulSets and ConfigMaps as last seen, and the generation each StatefulSet runs. */
    private static final class World {
        final SocketIoCluster cluster;
        final Map<String, StatefulSet> live;
        final Map<String, ConfigMap> configMaps;
        final List<NodeGeneration> generations = new ArrayList<>();
        final java.time.Instant now;

        /** @param wire the wanted wire generation, taken for a StatefulSet whose own cannot be known; null: none */
        World(
                SocketIoCluster cluster,
                Collection<StatefulSet> sets,
                Collection<ConfigMap> configMaps,
                String wire,
                java.time.Instant now) {
            this.cluster = cluster;
            this.now = now;
            this.live = sets.stream()
                    .filter(s -> s.getMetadata().getDeletionTimestamp() == null)
                    .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s, (a, b) -> a, TreeMap::new));
            this.configMaps = configMaps.stream()
                    .filter(c -> c.getMetadata().getName().endsWith("-config"))
                    .collect(Collectors.toMap(c -> c.getMetadata().getName(), c -> c, (a, b) -> a, TreeMap::new));
            for (StatefulSet sts : live.values()) {
                if (draining(sts.getMetadata().getName())) {
                    continue; // it never serves again, whatever its wire generation
                }
                String known = labels(sts.getMetadata().getLabels()).get(NodeGeneration.WIRE_LABEL);
                boolean labelledSelector = sts.getSpec() != null
                        && sts.getSpec().getSelector() != null
                        && labels(sts.getSpec().getSelector().getMatchLabels()).containsKey(NodeGeneration.WIRE_LABEL);
                String generation = known != null ? known : legacyWire(sts).orElse(wire);
                if (generation != null) {
                    generations.add(new NodeGeneration(sts.getMetadata().getName(), generation, labelledSelector));
                }
            }
        }

        /** A StatefulSet made before wire generations: what its ConfigMap and its pods' own env say. */
        private Optional<String> legacyWire(StatefulSet sts) {
            ConfigMap configMap = configMaps.get(sts.getMetadata().getName() + "-config");
            if (configMap == null || configMap.getData() == null) {
                return Optional.empty();
            }
            List<EnvVar> env = node(sts).map(Container::getEnv).orElse(List.of());
            return Optional.of(WireGeneration.of(configMap.getData(), env == null ? List.of() : env));
        }

        /** The drained StatefulSets whose pods carry this wire generation. */
        List<String> drainingWith(String wire) {
            return live.values().stream()
                    .filter(s -> draining(s.getMetadata().getName()))
                    .filter(s -> wire != null
                            && wire.equals(labels(s.getMetadata().getLabels()).get(NodeGeneration.WIRE_LABEL)))
                    .map(s -> s.getMetadata().getName())
                    .toList();
        }

        /** Its pods were told to drain at once (whatever came of it): it never serves again. */
        boolean draining(String statefulSet) {
            StatefulSet sts = live.get(statefulSet);
            return sts != null && annotation(sts, DRAIN_REQUESTED_ANNOTATION) != null;
        }

        /**
         * How long more a signalled StatefulSet is kept: until none of its pods is ready (they drained) or
         * {@link #DRAIN_TIMEOUT} after the signal. Empty: delete it now. An unreadable time counts as expired.
         */
        Optional<Duration> drainLeft(String statefulSet) {
            StatefulSet sts = live.get(statefulSet);
            String requested = sts == null ? null : annotation(sts, DRAIN_REQUESTED_ANNOTATION);
            if (requested == null) {
                return Optional.empty();
            }
            int ready = sts.getStatus() == null || sts.getStatus().getReadyReplicas() == null
                    ? 0
                    : sts.getStatus().getReadyReplicas();
            try {
                Duration left =
                        Duration.between(now, java.time.Instant.parse(requested).plus(DRAIN_TIMEOUT));
                return ready > 0 && left.compareTo(Duration.ZERO) > 0 ? Optional.of(left) : Optional.empty();
            } catch (java.time.format.DateTimeParseException e) {
                return Optional.empty();
            }
        }

        /** The generation the Service sends clients to, if it still exists. */
        Optional<NodeGeneration> servedBy(Optional<Service> service) {
            if (service.isEmpty() || service.get().getSpec() == null) {
                return Optional.empty();
            }
            Map<String, String> selector = labels(service.get().getSpec().getSelector());
            String wire = selector.get(NodeGeneration.WIRE_LABEL);
            if (wire == null) {
                return generations.stream().filter(g -> !g.labelledSelector()).findFirst();
            }
            return generations.stream()
                    .filter(g -> wire.equals(g.wire()))
                    .min(Comparator.comparing(NodeGeneration::labelledSelector)
                            .thenComparing(NodeGeneration::statefulSetName));
        }

        /** Every pod of a StatefulSet made before wire generations already carries its wire label. */
        boolean podsLabelled(NodeGeneration generation) {
            StatefulSet sts = live.get(generation.statefulSetName());
            return sts != null
                    && sts.getSpec().getTemplate() != null
                    && generation
                            .wire()
                            .equals(labels(sts.getSpec()
                                            .getTemplate()
                                            .getMetadata()
                                            .getLabels())
                                    .get(NodeGeneration.WIRE_LABEL))
                    && StatefulSetProgress.rolledOut(sts);
        }

        boolean selectsByWire(Optional<Service> service) {
            return service.isPresent() && ClientService.selectsWireGeneration(service.get());
        }

        /**
         * The serving generation's selector for the Service: by wire label, except for a StatefulSet made before
         * wire generations whose pods do not all carry the label yet.
         */
        Map<String, String> serviceSelector(NodeGeneration serving, Optional<Service> service) {
            return serving.labelledSelector() || selectsByWire(service) || podsLabelled(serving)
                    ? serving.serviceSelector(cluster)
                    : ClusterNames.selectorLabels(cluster);
        }

        /** The inputs of a serving generation that is not the target: its own settings and image. */
        DesiredInputs inputsOf(NodeGeneration generation, DesiredInputs current) {
            StatefulSet sts = live.get(generation.statefulSetName());
            ConfigMap configMap = configMaps.get(generation.configMapName());
            Map<String, String> env =
                    configMap == null || configMap.getData() == null ? current.nodeEnvironment() : configMap.getData();
            return new DesiredInputs(
                    current.cluster(),
                    image(sts).orElse(current.image()),
                    new TreeMap<>(env),
                    current.secretFingerprint());
        }
    }
}
