package org.socketiooperator.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.socketiooperator.operator.dependents.ClusterNames;
import org.socketiooperator.operator.dependents.Dependent;
import org.socketiooperator.operator.dependents.DesiredInputs;
import org.socketiooperator.operator.dependents.NodeGeneration;
import org.socketiooperator.operator.dependents.NodeStatefulSet;
import org.socketiooperator.operator.dependents.Retired;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.reconcile.NodeEnvironment;
import org.socketiooperator.operator.redis.ProbeOutcome.DetectedTopology;
import org.socketiooperator.operator.testing.Manifests;

/** The rollout decisions, replayed against a small in-memory world that applies each plan's writes. */
class NodeRolloutTest {
    private static final String CLASSIC = "redis: {host: redis.example}\n";
    private static final String SHARDED = "redis: {host: redis.example}\nadapter: {mode: sharded}\n";
    private static final String DEFAULT_V1 = "example.org/node:1";
    private static final String DEFAULT_V2 = "example.org/node:2";

    private final NodeRollout rollout = new NodeRollout(
            new DefaultImageRollouts(1, Duration.ofMinutes(3)), Duration.ofSeconds(5), Clock.systemUTC());

    @Test
    void aNewClusterGetsOneGenerationNamedAfterItAndTheServiceSelectsItsWireLabel() {
        World world = new World();
        NodeRollout.Plan plan = world.apply(rollout, inputs("chat", CLASSIC, DEFAULT_V1));
        StatefulSet sts = world.sts("chat");
        String wire = sts.getMetadata().getLabels().get(NodeGeneration.WIRE_LABEL);
        assertThat(wire).hasSize(8);
        assertThat(sts.getSpec().getSelector().getMatchLabels()).containsEntry(NodeGeneration.WIRE_LABEL, wire);
        assertThat(world.service.getSpec().getSelector())
                .containsEntry(NodeGeneration.WIRE_LABEL, wire)
                .containsEntry(ClusterNames.INSTANCE_LABEL, "chat");
        assertThat(world.configMaps).containsKey("chat-config");
        assertThat(plan.servingStatefulSet()).isEqualTo("chat");
        assertThat(plan.waitingFor()).isEmpty();
    }

    @Test
    void aChangeOldAndNewNodesCanShareRollsTheSameStatefulSet() {
        World world = new World();
        world.apply(rollout, inputs("chat", CLASSIC, DEFAULT_V1));
        world.apply(rollout, inputs("chat", CLASSIC + "server: {pingInterval: 10000}\n", DEFAULT_V1));
        assertThat(world.sets).containsOnlyKeys("chat");
        assertThat(world.configMaps.get("chat-config").getData()).containsEntry("SIO_PING_INTERVAL_MS", "10000");
    }

    @Test
    void aWireChangeSwitchesTheServiceOnlyOnceTheNewGenerationIsAvailableThenRetiresTheOld() {
        World world = new World();
        world.apply(rollout, inputs("chat", CLASSIC, DEFAULT_V1));
        String oldWire = world.service.getSpec().getSelector().get(NodeGeneration.WIRE_LABEL);
        world.available("chat", 2);

        NodeRollout.Plan plan = world.apply(rollout, inputs("chat", SHARDED, DEFAULT_V1));
        String next = world.sets.keySet().stream()
                .filter(n -> !n.equals("chat"))
                .findFirst()
                .orElseThrow();
        String newWire = world.sts(next).getMetadata().getLabels().get(NodeGeneration.WIRE_LABEL);
        assertThat(next).isEqualTo("chat-" + newWire);
        assertThat(newWire).isNotEqualTo(oldWire);
        assertThat(world.configMaps.get(next + "-config").getData()).containsEntry("SIO_ADAPTER_MODE", "sharded");
        assertThat(world.configMaps.get("chat-config").getData())
                .as("the old generation's settings stay")
                .containsEntry("SIO_ADAPTER_MODE", "classic");
        assertThat(world.service.getSpec().getSelector()).containsEntry(NodeGeneration.WIRE_LABEL, oldWire);
        assertThat(plan.servingStatefulSet()).isEqualTo("chat");
        assertThat(plan.waitingFor()).get().asString().contains("until all 2 nodes of " + next + " are available");
        world.assertServiceSelectsOneGeneration();

        // Ready but not yet for minReadySeconds: not yet.
        world.status(next, 2, 2, 0);
        world.apply(rollout, inputs("chat", SHARDED, DEFAULT_V1));
        assertThat(world.service.getSpec().getSelector()).containsEntry(NodeGeneration.WIRE_LABEL, oldWire);
        assertThat(world.sets).containsKeys("chat", next);

        world.available(next, 2);
        plan = world.apply(rollout, inputs("chat", SHARDED, DEFAULT_V1));
        assertThat(world.service.getSpec().getSelector()).containsEntry(NodeGeneration.WIRE_LABEL, newWire);
        assertThat(plan.servingStatefulSet()).isEqualTo(next);
        // The old nodes are told to drain at once, after the Service moved; their StatefulSet stays meanwhile.
        assertThat(plan.drains()).containsExactly("chat");
        assertThat(world.writes)
                .as("the Service moves before the old nodes are told to drain")
                .containsSubsequence("Service chat", "drain StatefulSet chat");
        assertThat(world.sets).containsOnlyKeys("chat", next);
        assertThat(world.sts("chat").getMetadata().getAnnotations())
                .containsKey(NodeRollout.DRAIN_REQUESTED_ANNOTATION);
        assertThat(plan.recheckAfter()).contains(NodeRollout.DRAIN_TIMEOUT);
        world.assertServiceSelectsOneGeneration();

        // Still ready: not drained yet, kept (and signalled again, harmless).
        plan = world.apply(rollout, inputs("chat", SHARDED, DEFAULT_V1));
        assertThat(plan.drains()).containsExactly("chat");
        assertThat(world.sets).containsOnlyKeys("chat", next);
        assertThat(plan.recheckAfter())
                .get()
                .satisfies(r -> assertThat(r).isLessThanOrEqualTo(NodeRollout.DRAIN_TIMEOUT));

        // Its pods report not ready: they drained, the StatefulSet goes.
        world.status("chat", 2, 0, 0);
        plan = world.apply(rollout, inputs("chat", SHARDED, DEFAULT_V1));
        assertThat(plan.drains()).isEmpty();
        assertThat(world.sets).containsOnlyKeys(next);
        assertThat(world.writes)
                .as("the Service moves before the old StatefulSet is deleted")
                .containsSubsequence("Service chat", "drain StatefulSet chat", "-StatefulSet chat");
        assertThat(world.configMaps)
                .as("the ConfigMap goes after its StatefulSet")
                .containsKey("chat-config");

        world.apply(rollout, inputs("chat", SHARDED, DEFAULT_V1));
        assertThat(world.configMaps).containsOnlyKeys(next + "-config");

        // And back: the cluster's own name is free again.
        world.available(next, 2);
        world.apply(rollout, inputs("chat", CLASSIC, DEFAULT_V1));
        assertThat(world.sets).containsOnlyKeys(next, "chat");
        assertThat(world.sts("chat").getMetadata().getLabels()).containsEntry(NodeGeneration.WIRE_LABEL, oldWire);
    }

    @Test
    void aSignalledGenerationIsDeletedAfterTheTimeoutEvenIfItsPodsStayReady() {
        MutableClock clock = new MutableClock();
        NodeRollout timed =
                new NodeRollout(new DefaultImageRollouts(1, Duration.ofMinutes(3)), Duration.ofSeconds(5), clock);
        World world = new World(clock);
        world.apply(timed, inputs("chat", CLASSIC, DEFAULT_V1));
        world.available("chat", 2);
        world.apply(timed, inputs("chat", SHARDED, DEFAULT_V1));
        String next = world.sets.keySet().stream()
                .filter(n -> !n.equals("chat"))
                .findFirst()
                .orElseThrow();
        world.available(next, 2);
        world.apply(timed, inputs("chat", SHARDED, DEFAULT_V1));
        assertThat(world.sets).containsOnlyKeys("chat", next);

        // An old node image knows no signal: its pods stay ready.
        clock.advance(NodeRollout.DRAIN_TIMEOUT.minusSeconds(1));
        NodeRollout.Plan plan = world.apply(timed, inputs("chat", SHARDED, DEFAULT_V1));
        assertThat(world.sets).containsOnlyKeys("chat", next);
        assertThat(plan.recheckAfter()).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        world.apply(timed, inputs("chat", SHARDED, DEFAULT_V1));
        assertThat(world.sets).containsOnlyKeys(next);
    }

    @Test
    void backToTheWireGenerationOfADrainingOneDeletesThatOneFirst() {
        World world = new World();
        world.apply(rollout, inputs("chat", CLASSIC, DEFAULT_V1));
        String classicWire = world.service.getSpec().getSelector().get(NodeGeneration.WIRE_LABEL);
        world.available("chat", 2);
        world.apply(rollout, inputs("chat", SHARDED, DEFAULT_V1));
        String next = world.sets.keySet().stream()
                .filter(n -> !n.equals("chat"))
                .findFirst()
                .orElseThrow();
        world.available(next, 2);
        world.apply(rollout, inputs("chat", SHARDED, DEFAULT_V1));
        Map<String, String> shardedSelector = Map.copyOf(world.service.getSpec().getSelector());

        // Back to classic while the classic nodes drain: their StatefulSet goes first, the clients stay put.
        NodeRollout.Plan plan = world.apply(rollout, inputs("chat", CLASSIC, DEFAULT_V1));
        assertThat(world.sets).containsOnlyKeys(next);
        assertThat(world.service.getSpec().getSelector()).isEqualTo(shardedSelector);
        assertThat(plan.waitingFor()).get().asString().contains("deleted before it is made again");
        assertThat(plan.recheckAfter()).isPresent();

        // Then a fresh classic generation, which gets the clients once available.
        world.apply(rollout, inputs("chat", CLASSIC, DEFAULT_V1));
        assertThat(world.sets).containsOnlyKeys("chat", next);
        assertThat(world.sts("chat").getMetadata().getAnnotations())
                .doesNotContainKey(NodeRollout.DRAIN_REQUESTED_ANNOTATION);
        assertThat(world.sts("chat").getMetadata().getLabels()).containsEntry(NodeGeneration.WIRE_LABEL, classicWire);
        assertThat(world.service.getSpec().getSelector()).isEqualTo(shardedSelector);
        world.available("chat", 2);
        plan = world.apply(rollout, inputs("chat", CLASSIC, DEFAULT_V1));
        assertThat(world.service.getSpec().getSelector()).containsEntry(NodeGeneration.WIRE_LABEL, classicWire);
        assertThat(plan.drains()).containsExactly(next);
    }

    @Test
    void aGenerationThatNeverServedIsDroppedWhenTheSpecChangesAgain() {
        World world = new World();
        world.apply(rollout, inputs("chat", CLASSIC, DEFAULT_V1));
        world.apply(rollout, inputs("chat", SHARDED, DEFAULT_V1));
        assertThat(world.sets).hasSize(2);
        world.apply(rollout, inputs("chat", CLASSIC, DEFAULT_V1));
        assertThat(world.sets).containsOnlyKeys("chat");
        world.apply(rollout, inputs("chat", CLASSIC, DEFAULT_V1));
        assertThat(world.configMaps).containsOnlyKeys("chat-config");
    }

    @Test
    void aStatefulSetMadeBeforeWireGenerationsIsLabelledByAnOrdinaryRollBeforeANewGenerationStarts() {
        World world = new World();
        world.legacy("chat", inputs("chat", CLASSIC, DEFAULT_V1));
        Map<String, String> unlabelled = ClusterNames.selectorLabels(Manifests.cluster("chat", "ns", CLASSIC));

        // A wire change arrives: first the old pods get their label, with their own settings.
        NodeRollout.Plan plan = world.apply(rollout, inputs("chat", SHARDED, DEFAULT_V1));
        assertThat(world.sets).containsOnlyKeys("chat");
        StatefulSet legacy = world.sts("chat");
        assertThat(legacy.getSpec().getSelector().getMatchLabels()).isEqualTo(unlabelled);
        String oldWire =
                legacy.getSpec().getTemplate().getMetadata().getLabels().get(NodeGeneration.WIRE_LABEL);
        assertThat(oldWire).isNotNull();
        assertThat(world.configMaps.get("chat-config").getData()).containsEntry("SIO_ADAPTER_MODE", "classic");
        assertThat(world.service.getSpec().getSelector()).isEqualTo(unlabelled);
        assertThat(plan.waitingFor()).get().asString().contains("labelling");

        // Rolled: the Service selects by the label, and only then does the new generation start.
        world.available("chat", 2);
        world.writes.clear();
        world.apply(rollout, inputs("chat", SHARDED, DEFAULT_V1));
        assertThat(world.service.getSpec().getSelector()).containsEntry(NodeGeneration.WIRE_LABEL, oldWire);
        assertThat(world.sets).hasSize(2);
        String next = world.sets.keySet().stream()
                .filter(n -> !n.equals("chat"))
                .findFirst()
                .orElseThrow();
        assertThat(world.writes).containsSubsequence("Service chat", "StatefulSet " + next);
    }

    @Test
    void aStatefulSetMadeBeforeWireGenerationsWithoutAWireChangeKeepsItsNameAndSelector() {
        World world = new World();
        world.legacy("chat", inputs("chat", CLASSIC, DEFAULT_V1));
        world.apply(rollout, inputs("chat", CLASSIC, DEFAULT_V1));
        assertThat(world.sets).containsOnlyKeys("chat");
        assertThat(world.sts("chat").getSpec().getSelector().getMatchLabels())
                .doesNotContainKey(NodeGeneration.WIRE_LABEL);
        assertThat(world.service.getSpec().getSelector()).doesNotContainKey(NodeGeneration.WIRE_LABEL);
        world.available("chat", 2);
        world.apply(rollout, inputs("chat", CLASSIC, DEFAULT_V1));
        assertThat(world.service.getSpec().getSelector()).containsKey(NodeGeneration.WIRE_LABEL);
    }

    @Test
    void aNewDefaultImageRollsOneClusterAtATime() {
        World a = new World();
        World b = new World();
        a.apply(rollout, inputs("a", CLASSIC, DEFAULT_V1));
        b.apply(rollout, inputs("b", CLASSIC, DEFAULT_V1));
        a.available("a", 2);
        b.available("b", 2);

        // The operator was upgraded: its default is now v2.
        a.apply(rollout, inputs("a", CLASSIC, DEFAULT_V2));
        NodeRollout.Plan waiting = b.apply(rollout, inputs("b", CLASSIC, DEFAULT_V2));
        assertThat(image(a.sts("a"))).isEqualTo(DEFAULT_V2);
        assertThat(a.sts("a").getMetadata().getAnnotations())
                .containsEntry(NodeStatefulSet.IMAGE_ANNOTATION, DEFAULT_V2)
                .containsEntry(NodeStatefulSet.IMAGE_SOURCE_ANNOTATION, "default");
        assertThat(image(b.sts("b"))).isEqualTo(DEFAULT_V1);
        assertThat(waiting.recheckAfter()).contains(Duration.ofSeconds(5));
        assertThat(waiting.waitingFor()).get().asString().contains("waits for a rollout slot");

        // Scaling a waiting cluster does not take the new image along.
        b.apply(rollout, inputs("b", "replicas: 4\n" + CLASSIC, DEFAULT_V2));
        assertThat(b.sts("b").getSpec().getReplicas()).isEqualTo(4);
        assertThat(image(b.sts("b"))).isEqualTo(DEFAULT_V1);

        // a is still rolling; once done, b goes.
        a.apply(rollout, inputs("a", CLASSIC, DEFAULT_V2));
        b.apply(rollout, inputs("b", "replicas: 4\n" + CLASSIC, DEFAULT_V2));
        assertThat(image(b.sts("b"))).isEqualTo(DEFAULT_V1);
        a.available("a", 2);
        a.apply(rollout, inputs("a", CLASSIC, DEFAULT_V2));
        NodeRollout.Plan going = b.apply(rollout, inputs("b", "replicas: 4\n" + CLASSIC, DEFAULT_V2));
        assertThat(image(b.sts("b"))).isEqualTo(DEFAULT_V2);
        assertThat(going.recheckAfter()).isEmpty();
    }

    /** The slots are in memory, the rollouts under way are on the API server: a new operator counts those first. */
    @Test
    void aRestartedOperatorCountsTheDefaultImageRolloutsItsPredecessorStarted() {
        World a = new World();
        World b = new World();
        a.apply(rollout, inputs("a", CLASSIC, DEFAULT_V1));
        b.apply(rollout, inputs("b", CLASSIC, DEFAULT_V1));
        a.available("a", 2);
        b.available("b", 2);
        a.apply(rollout, inputs("a", CLASSIC, DEFAULT_V2));
        assertThat(image(a.sts("a"))).isEqualTo(DEFAULT_V2);
        a.sts("a").getMetadata().setNamespace("ns");
        java.util.Set<String> rolling = NodeRollout.defaultImageRollouts(DEFAULT_V2, a.sets.values().stream());
        assertThat(rolling).containsExactly("ns/a");

        NodeRollout restarted = new NodeRollout(
                new DefaultImageRollouts(1, Duration.ofMinutes(3)), Duration.ofSeconds(5), Clock.systemUTC());
        NodeRollout.Plan waiting = b.apply(restarted, inputs("b", CLASSIC, DEFAULT_V2), rolling);
        assertThat(image(b.sts("b"))).isEqualTo(DEFAULT_V1);
        assertThat(waiting.waitingFor()).get().asString().contains("waits for a rollout slot");

        // a is done: its StatefulSet no longer shows a rollout, b goes.
        a.available("a", 2);
        assertThat(NodeRollout.defaultImageRollouts(DEFAULT_V2, a.sets.values().stream()))
                .isEmpty();
        a.apply(restarted, inputs("a", CLASSIC, DEFAULT_V2));
        b.apply(restarted, inputs("b", CLASSIC, DEFAULT_V2), java.util.Set.of());
        assertThat(image(b.sts("b"))).isEqualTo(DEFAULT_V2);
    }

    @Test
    void aNamedImageOrAnOptedInClusterIsNeverHeld() {
        World a = new World();
        World b = new World();
        World c = new World();
        a.apply(rollout, inputs("a", CLASSIC, DEFAULT_V1));
        b.apply(rollout, inputs("b", CLASSIC, DEFAULT_V1));
        c.apply(rollout, inputs("c", CLASSIC, DEFAULT_V1));
        a.apply(rollout, inputs("a", CLASSIC, DEFAULT_V2));
        assertThat(image(a.sts("a"))).isEqualTo(DEFAULT_V2);

        b.apply(rollout, inputs("b", CLASSIC + "image: example.org/mine:3\n", DEFAULT_V2));
        assertThat(image(b.sts("b"))).isEqualTo("example.org/mine:3");
        assertThat(b.sts("b").getMetadata().getAnnotations())
                .containsEntry(NodeStatefulSet.IMAGE_SOURCE_ANNOTATION, "spec");

        DesiredInputs optedIn = inputs("c", CLASSIC, DEFAULT_V2);
        optedIn.cluster().getMetadata().setAnnotations(Map.of(NodeRollout.ROLL_DEFAULT_IMAGE_ANNOTATION, "true"));
        c.apply(rollout, optedIn);
        assertThat(image(c.sts("c"))).isEqualTo(DEFAULT_V2);
    }

    @Test
    void withNoSlotsOnlyOptedInClustersRoll() {
        NodeRollout none = new NodeRollout(
                new DefaultImageRollouts(0, Duration.ofMinutes(3)), Duration.ofSeconds(5), Clock.systemUTC());
        World a = new World();
        a.apply(none, inputs("a", CLASSIC, DEFAULT_V1));
        a.available("a", 2);
        a.apply(none, inputs("a", CLASSIC, DEFAULT_V2));
        assertThat(image(a.sts("a"))).isEqualTo(DEFAULT_V1);
        DesiredInputs optedIn = inputs("a", CLASSIC, DEFAULT_V2);
        optedIn.cluster().getMetadata().setAnnotations(Map.of(NodeRollout.ROLL_DEFAULT_IMAGE_ANNOTATION, "true"));
        a.apply(none, optedIn);
        assertThat(image(a.sts("a"))).isEqualTo(DEFAULT_V2);
    }

    private static String image(StatefulSet sts) {
        return sts.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    /** Inputs as the reconciler makes them; the image is the spec's or, when it names none, the default. */
    private static DesiredInputs inputs(String name, String specYaml, String defaultImage) {
        SocketIoCluster cluster = Manifests.cluster(name, "ns", specYaml);
        cluster.getMetadata().setUid("uid-" + name);
        String image = cluster.getSpec().image() != null ? cluster.getSpec().image() : defaultImage;
        return new DesiredInputs(
                cluster, image, NodeEnvironment.of(cluster.getSpec(), DetectedTopology.STANDALONE), "");
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private java.time.Instant now = java.time.Instant.parse("2026-12-01T06:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    /** What the API server would hold after the plans' writes: StatefulSets, ConfigMaps, the client Service. */
    private static final class World {
        final Clock clock;
        final Map<String, StatefulSet> sets = new TreeMap<>();
        final Map<String, ConfigMap> configMaps = new TreeMap<>();
        /** Every write in order: "Kind name", or "-Kind name" for a deletion. */
        final List<String> writes = new java.util.ArrayList<>();

        Service service;

        World() {
            this(Clock.systemUTC());
        }

        World(Clock clock) {
            this.clock = clock;
        }

        NodeRollout.Plan apply(NodeRollout rollout, DesiredInputs inputs) {
            return apply(rollout, inputs, java.util.Set.of());
        }

        /** @param rollingDefaultImage what the operator's informer shows of other clusters */
        NodeRollout.Plan apply(NodeRollout rollout, DesiredInputs inputs, java.util.Set<String> rollingDefaultImage) {
            NodeRollout.Plan plan = rollout.plan(
                    inputs,
                    List.copyOf(sets.values()),
                    List.copyOf(configMaps.values()),
                    Optional.ofNullable(service),
                    rollingDefaultImage);
            for (Dependent<?> dependent : plan.dependents()) {
                String name = dependent.name(inputs.cluster());
                if (dependent instanceof Retired<?> retired) {
                    if ((retired.type() == StatefulSet.class ? sets : configMaps).remove(name) != null) {
                        writes.add("-" + retired.type().getSimpleName() + " " + name);
                    }
                    continue;
                }
                Optional<? extends HasMetadata> desired = dependent.desired(plan.inputs());
                if (desired.isEmpty()) {
                    continue;
                }
                HasMetadata object = desired.get();
                writes.add(object.getKind() + " " + name);
                if (object instanceof StatefulSet sts) {
                    StatefulSet before = sets.get(name);
                    long generation = before == null
                            ? 1
                            : before.getMetadata().getGeneration()
                                    + (before.getSpec().equals(sts.getSpec()) ? 0 : 1);
                    sts.getMetadata().setGeneration(generation);
                    sts.setStatus(before == null ? null : before.getStatus());
                    sets.put(name, sts);
                } else if (object instanceof ConfigMap configMap) {
                    configMaps.put(name, configMap);
                } else if (object instanceof Service svc
                        && name.equals(inputs.cluster().getMetadata().getName())) {
                    service = svc;
                }
                // After every single write, as the API server would serve it.
                assertServiceSelectsOneGeneration();
            }
            // What DrainSignaller writes after the dependents: the StatefulSet's mark (the pods' is not modelled).
            for (String drained : plan.drains()) {
                StatefulSet sts = sets.get(drained);
                Map<String, String> annotations = new TreeMap<>(
                        Optional.ofNullable(sts.getMetadata().getAnnotations()).orElse(Map.of()));
                annotations.putIfAbsent(
                        NodeRollout.DRAIN_REQUESTED_ANNOTATION, clock.instant().toString());
                sts.getMetadata().setAnnotations(annotations);
                writes.add("drain StatefulSet " + drained);
            }
            return plan;
        }

        StatefulSet sts(String name) {
            return sets.get(name);
        }

        void status(String name, int replicas, int ready, int available) {
            StatefulSet sts = sets.get(name);
            sts.setStatus(new StatefulSetStatusBuilder()
                    .withObservedGeneration(sts.getMetadata().getGeneration())
                    .withReplicas(replicas)
                    .withReadyReplicas(ready)
                    .withAvailableReplicas(available)
                    .withUpdatedReplicas(replicas)
                    .withCurrentRevision("r")
                    .withUpdateRevision("r")
                    .build());
        }

        /** What the StatefulSet controller reports once every pod runs the current template and is available. */
        void available(String name, int replicas) {
            status(name, replicas, replicas, replicas);
        }

        /** The objects an operator without wire generations made: no wire label anywhere. */
        void legacy(String name, DesiredInputs inputs) {
            Map<String, String> selector = ClusterNames.selectorLabels(inputs.cluster());
            configMaps.put(
                    name + "-config",
                    new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName(name + "-config")
                            .endMetadata()
                            .withData(inputs.nodeEnvironment())
                            .build());
            StatefulSet current = new NodeStatefulSet(NodeGeneration.first(inputs.cluster(), "x"))
                    .desired(inputs)
                    .orElseThrow();
            StatefulSet legacy = new StatefulSetBuilder(current)
                    .editMetadata()
                    .withLabels(ClusterNames.commonLabels(inputs.cluster()))
                    .withAnnotations(Map.of())
                    .withGeneration(1L)
                    .endMetadata()
                    .editSpec()
                    .editSelector()
                    .withMatchLabels(selector)
                    .endSelector()
                    .editTemplate()
                    .editMetadata()
                    .withLabels(ClusterNames.commonLabels(inputs.cluster()))
                    .endMetadata()
                    .endTemplate()
                    .endSpec()
                    .build();
            sets.put(name, legacy);
            available(name, 2);
            service = new ServiceBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .endMetadata()
                    .withNewSpec()
                    .withSelector(selector)
                    .endSpec()
                    .build();
        }

        /** The Service's selector matches the pod template of at most one StatefulSet. */
        void assertServiceSelectsOneGeneration() {
            if (service == null) {
                return;
            }
            Map<String, String> selector = service.getSpec().getSelector();
            long matching = sets.values().stream()
                    .filter(s -> s.getSpec()
                            .getTemplate()
                            .getMetadata()
                            .getLabels()
                            .entrySet()
                            .containsAll(selector.entrySet()))
                    .count();
            assertThat(matching)
                    .as("StatefulSets whose pods %s selects", selector)
                    .isLessThanOrEqualTo(1);
        }
    }
}
