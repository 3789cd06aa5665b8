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

  private final NodeRollout rollout = new NodeRollout(new DefaultImageRollouts(1, Duration.ofMinutes(3)),
      Duration.ofSeconds(5), Clock.systemUTC());

  @Test
  void aNewClusterGetsOneGenerationNamedAfterItAndTheServiceSelectsItsWireLabel() {
    World world = new World();
    NodeRollout.Plan plan = world.apply(rollout, inputs("chat", CLASSIC, DEFAULT_V1));
    StatefulSet sts = world.sts("chat");
    String wire = sts.getMetadata().getLabels().get(NodeGeneration.WIRE_LABEL);
    assertThat(wire).hasSize(8);
    assertThat(sts.getSpec().getSelector().getMatchLabels()).containsEntry(NodeGeneration.WIRE_LABEL, wire);
    assertThat(world.service.getSpec().getSelector()).containsEntry(NodeGeneration.WIRE_LABEL, wire)
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
    String next = world.sets.keySet().stream().filter(n -> !n.equals("chat")).findFirst().orElseThrow();
    String newWire = world.sts(next).getMetadata().getLabels().get(NodeGeneration.WIRE_LABEL);
    assertThat(next).isEqualTo("chat-" + newWire);
    assertThat(newWire).isNotEqualTo(oldWire);
    assertThat(world.configMaps.get(next + "-config").getData()).containsEntry("SIO_ADAPTER_MODE", "sharded");
    assertThat(world.configMaps.get("chat-config").getData()).as("the old generation's settings stay")
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
    assertThat(world.sets).containsOnlyKeys(next);
    assertThat(world.writes).as("the Service moves before the old StatefulSet is deleted")
        .containsSubsequence("Service chat", "-StatefulSet chat");
    assertThat(world.configMaps).as("the ConfigMap goes after its StatefulSet").containsKey("chat-config");

    world.apply(rollout, inputs("chat", SHARDED, DEFAULT_V1));
    assertThat(world.configMaps).containsOnlyKeys(next + "-config");

    // And back: the cluster's own name is free again.
    world.available(next, 2);
    world.apply(rollout, inputs("chat", CLASSIC, DEFAULT_V1));
    assertThat(world.sets).containsOnlyKeys(next, "chat");
    assertThat(world.sts("chat").getMetadata().getLabels()).containsEntry(NodeGeneration.WIRE_LABEL, oldWire);
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
    String oldWire = legacy.getSpec().getTemplate().getMetadata().getLabels().get(NodeGeneration.WIRE_LABEL);
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
    String next = world.sets.keySet().stream().filter(n -> !n.equals("chat")).findFirst().orElseThrow();
    assertThat(world.writes).containsSubsequence("Service chat", "StatefulSet " + next);
  }

  @Test
  void aStatefulSetMadeBeforeWireGenerationsWithoutAWireChangeKeepsItsNameAndSelector() {
    World world = new World();
    world.legacy("chat", inputs("chat", CLASSIC, DEFAULT_V1));
    world.apply(rollout, inputs("chat", CLASSIC, DEFAULT_V1));
    assertThat(world.sets).containsOnlyKeys("chat");
    assertThat(world.sts("chat").getSpec().getSelector().getMatchLabels()).doesNotContainKey(NodeGeneration.WIRE_LABEL);
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
    assertThat(a.sts("a").getMetadata().getAnnotations()).containsEntry(NodeStatefulSet.IMAGE_ANNOTATION, DEFAULT_V2)
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
    assertThat(b.sts("b").getMetadata().getAnnotations()).containsEntry(NodeStatefulSet.IMAGE_SOURCE_ANNOTATION,
        "spec");

    DesiredInputs optedIn = inputs("c", CLASSIC, DEFAULT_V2);
    optedIn.cluster().getMetadata().setAnnotations(Map.of(NodeRollout.ROLL_DEFAULT_IMAGE_ANNOTATION, "true"));
    c.apply(rollout, optedIn);
    assertThat(image(c.sts("c"))).isEqualTo(DEFAULT_V2);
  }

  @Test
  void withNoSlotsOnlyOptedInClustersRoll() {
    NodeRollout none = new NodeRollout(new DefaultImageRollouts(0, Duration.ofMinutes(3)), Duration.ofSeconds(5),
        Clock.systemUTC());
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
    return new DesiredInputs(cluster, image, NodeEnvironment.of(cluster.getSpec(), DetectedTopology.STANDALONE), "");
  }

  /** What the API server would hold after the plans' writes: StatefulSets, ConfigMaps, the client Service. */
  private static final class World {
    final Map<String, StatefulSet> sets = new TreeMap<>();
    final Map<String, ConfigMap> configMaps = new TreeMap<>();
    /** Every write in order: "Kind name", or "-Kind name" for a deletion. */
    final List<String> writes = new java.util.ArrayList<>();
    Service service;

    NodeRollout.Plan apply(NodeRollout rollout, DesiredInputs inputs) {
      NodeRollout.Plan plan = rollout.plan(inputs, List.copyOf(sets.values()), List.copyOf(configMaps.values()),
          Optional.ofNullable(service));
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
          long generation = before == null ? 1 : before.getMetadata().getGeneration()
              + (before.getSpec().equals(sts.getSpec()) ? 0 : 1);
          sts.getMetadata().setGeneration(generation);
          sts.setStatus(before == null ? null : before.getStatus());
          sets.put(name, sts);
        } else if (object instanceof ConfigMap configMap) {
          configMaps.put(name, configMap);
        } else if (object instanceof Service svc && name.equals(inputs.cluster().getMetadata().getName())) {
          service = svc;
        }
        // After every single write, as the API server would serve it.
        assertServiceSelectsOneGeneration();
      }
      return plan;
    }

    StatefulSet sts(String name) {
      return sets.get(name);
    }

    void status(String name, int replicas, int ready, int available) {
      StatefulSet sts = sets.get(name);
      sts.setStatus(new StatefulSetStatusBuilder().withObservedGeneration(sts.getMetadata().getGeneration())
          .withReplicas(replicas).withReadyReplicas(ready).withAvailableReplicas(available)
          .withUpdatedReplicas(replicas).withCurrentRevision("r").withUpdateRevision("r").build());
    }

    /** What the StatefulSet controller reports once every pod runs the current template and is available. */
    void available(String name, int replicas) {
      status(name, replicas, replicas, replicas);
    }

    /** The objects an operator without wire generations made: no wire label anywhere. */
    void legacy(String name, DesiredInputs inputs) {
      Map<String, String> selector = ClusterNames.selectorLabels(inputs.cluster());
      configMaps.put(name + "-config", new ConfigMapBuilder().withNewMetadata().withName(name + "-config")
          .endMetadata().withData(inputs.nodeEnvironment()).build());
      StatefulSet current = new NodeStatefulSet(NodeGeneration.first(inputs.cluster(), "x")).desired(inputs)
          .orElseThrow();
      StatefulSet legacy = new StatefulSetBuilder(current).editMetadata()
          .withLabels(ClusterNames.commonLabels(inputs.cluster())).withAnnotations(Map.of()).withGeneration(1L)
          .endMetadata().editSpec().editSelector().withMatchLabels(selector).endSelector().editTemplate()
          .editMetadata().withLabels(ClusterNames.commonLabels(inputs.cluster())).endMetadata().endTemplate()
          .endSpec().build();
      sets.put(name, legacy);
      available(name, 2);
      service = new ServiceBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
          .withSelector(selector).endSpec().build();
    }

    /** The Service's selector matches the pod template of at most one StatefulSet. */
    void assertServiceSelectsOneGeneration() {
      if (service == null) {
        return;
      }
      Map<String, String> selector = service.getSpec().getSelector();
      long matching = sets.values().stream().filter(s -> s.getSpec().getTemplate().getMetadata().getLabels()
          .entrySet().containsAll(selector.entrySet())).count();
      assertThat(matching).as("StatefulSets whose pods %s selects", selector).isLessThanOrEqualTo(1);
    }
  }
}
