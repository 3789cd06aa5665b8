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
   */
  public record Plan(DesiredInputs inputs, List<Dependent<?>> dependents, String servingStatefulSet,
      String rollingStatefulSet, Optional<Duration> recheckAfter, Optional<String> waitingFor) {

    /** The StatefulSet the status reports on: {@link #rollingStatefulSet()}, as last seen. */
    public Optional<StatefulSet> rolling(Context<SocketIoCluster> context) {
      return context.getSecondaryResourcesAsStream(StatefulSet.class)
          .filter(s -> s.getMetadata().getName().equals(rollingStatefulSet)).findFirst();
    }
  }

  public Plan plan(DesiredInputs inputs, Context<SocketIoCluster> context) {
    String name = ClusterNames.clientService(inputs.cluster());
    return plan(inputs, context.getSecondaryResources(StatefulSet.class),
        context.getSecondaryResources(ConfigMap.class),
        context.getSecondaryResourcesAsStream(Service.class).filter(s -> name.equals(s.getMetadata().getName()))
            .findFirst());
  }

  /** A quarter of the probe interval, between 1 and 15 seconds: how soon a waiting cluster looks again. */
  public static Duration waitRecheck(Duration probeInterval) {
    Duration quarter = probeInterval.dividedBy(4);
    return quarter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
        : quarter.compareTo(Duration.ofSeconds(15)) > 0 ? Duration.ofSeconds(15) : quarter;
  }

  /**
   * The StatefulSet whose nodes the client Service selects, as last seen; before the Service exists, the
   * cluster's first StatefulSet.
   */
  public static Optional<StatefulSet> serving(SocketIoCluster cluster, Context<SocketIoCluster> context) {
    String name = ClusterNames.clientService(cluster);
    Collection<StatefulSet> sets = context.getSecondaryResources(StatefulSet.class);
    Optional<StatefulSet> served = serving(cluster, sets, context.getSecondaryResources(ConfigMap.class),
        context.getSecondaryResourcesAsStream(Service.class).filter(s -> name.equals(s.getMetadata().getName()))
            .findFirst());
    return served.isPresent() ? served : sets.stream()
        .filter(s -> s.getMetadata().getName().equals(ClusterNames.statefulSet(cluster))).findFirst();
  }

  /** The StatefulSet whose nodes the client Service selects, for status: none before the first write. */
  public static Optional<StatefulSet> serving(SocketIoCluster cluster, Collection<StatefulSet> sets,
      Collection<ConfigMap> configMaps, Optional<Service> clientService) {
    World world = new World(cluster, sets, configMaps, null);
    return world.servedBy(clientService).map(g -> world.live.get(g.statefulSetName()));
  }

  Plan plan(DesiredInputs inputs, Collection<StatefulSet> sets, Collection<ConfigMap> configMaps,
      Optional<Service> clientService) {
    SocketIoCluster cluster = inputs.cluster();
    String wire = WireGeneration.of(inputs.nodeEnvironment(), inputs.spec().pod().env());
    World world = new World(cluster, sets, configMaps, wire);

    NodeGeneration target = world.generations.stream().filter(g -> wire.equals(g.wire()))
        .min(Comparator.comparing(NodeGeneration::labelledSelector).thenComparing(NodeGeneration::statefulSetName))
        .orElseGet(() -> world.live.containsKey(ClusterNames.statefulSet(cluster))
            ? NodeGeneration.beside(cluster, wire) : NodeGeneration.first(cluster, wire));
    NodeGeneration serving = world.servedBy(clientService).orElse(target);

    Optional<String> waiting = Optional.empty();
    Optional<Duration> recheck = Optional.empty();
    DesiredInputs targetInputs = inputs;
    ImageDecision image = image(inputs, world.live.get(target.statefulSetName()));
    if (image.held()) {
      targetInputs = inputs.withImage(image.image());
      waiting = Optional.of("the new default node image " + inputs.image() + " waits for a rollout slot"
          + " (operator setting NODE_IMAGE_ROLLOUTS, or annotate the cluster " + ROLL_DEFAULT_IMAGE_ANNOTATION
          + "=true)");
      recheck = Optional.of(waitRecheck);
    }

    List<Dependent<?>> dependents = new ArrayList<>();
    List<String> keep = new ArrayList<>();
    String servingName;
    String rollingName = target.statefulSetName();
    if (serving.statefulSetName().equals(target.statefulSetName())) {
      dependents.add(new NodeConfigMap(target));
      dependents.add(new HeadlessService());
      dependents.add(new NodeStatefulSet(target));
      dependents.add(new ClientService(world.serviceSelector(target, clientService)));
      keep.add(target.statefulSetName());
      servingName = target.statefulSetName();
    } else if (!serving.labelledSelector() && !world.selectsByWire(clientService)
        && !world.podsLabelled(serving)) {
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
      boolean nextAvailable = next != null && StatefulSetProgress.available(next, inputs.spec().replicas());
      // The Service first: it selects one wire generation before any pod of the next one exists, and it has
      // moved to the next one before the old one is deleted (in this order, in one reconcile: the operator's
      // own writes bring no new event).
      dependents.add(new ClientService(nextAvailable ? target.serviceSelector(cluster)
          : serving.serviceSelector(cluster)));
      dependents.add(new NodeConfigMap(target));
      dependents.add(new HeadlessService());
      dependents.add(new NodeStatefulSet(target));
      keep.add(target.statefulSetName());
      if (nextAvailable) {
        servingName = target.statefulSetName();
      } else {
        keep.add(serving.statefulSetName());
        servingName = serving.statefulSetName();
        waiting = Optional.of("the clients stay on StatefulSet " + serving.statefulSetName() + " until all "
            + inputs.spec().replicas() + " nodes of " + target.statefulSetName() + " are available");
      }
    }
    dependents.add(new NodeDisruptionBudget());
    dependents.add(new NodeIngress());
    // Old generations go once the Service no longer sends them clients; a ConfigMap once its StatefulSet is gone.
    for (String old : world.live.keySet()) {
      if (!keep.contains(old)) {
        dependents.add(new Retired<>(StatefulSet.class, old));
      }
    }
    for (String configMap : world.configMaps.keySet()) {
      String owner = configMap.substring(0, configMap.length() - "-config".length());
      if (!keep.contains(owner) && !world.live.containsKey(owner)) {
        dependents.add(new Retired<>(ConfigMap.class, configMap));
      }
    }
    return new Plan(targetInputs, dependents, servingName, rollingName, recheck, waiting);
  }

  /** @param held true when the StatefulSet keeps its current image for now */
  private record ImageDecision(String image, boolean held) {}

  /**
   * A cluster that names no image runs the operator's default. When that default changed under a running
   * StatefulSet (an operator upgrade), the new image waits for a slot; a cluster that names its image, or one
   * that is new, is never held.
   */
  private ImageDecision image(DesiredInputs inputs, StatefulSet live) {
    String key = inputs.cluster().getMetadata().getNamespace() + "/" + inputs.cluster().getMetadata().getName();
    boolean fromDefault = NodeStatefulSet.IMAGE_FROM_DEFAULT.equals(NodeStatefulSet.imageSource(inputs.spec()));
    Optional<String> running = Optional.ofNullable(live).flatMap(NodeRollout::image);
    boolean ranDefault = live != null && !NodeStatefulSet.IMAGE_FROM_SPEC.equals(annotation(live,
        NodeStatefulSet.IMAGE_SOURCE_ANNOTATION));
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
    boolean optedIn = "true".equals(Optional.ofNullable(inputs.cluster().getMetadata().getAnnotations())
        .map(a -> a.get(ROLL_DEFAULT_IMAGE_ANNOTATION)).orElse(null));
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
    if (sts.getSpec() == null || sts.getSpec().getTemplate() == null
        || sts.getSpec().getTemplate().getSpec() == null) {
      return Optional.empty();
    }
    return sts.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> NodeStatefulSet.CONTAINER.equals(c.getName())).findFirst();
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

    /** @param wire the wanted wire generation, taken for a StatefulSet whose own cannot be known; null: none */
    World(SocketIoCluster cluster, Collection<StatefulSet> sets, Collection<ConfigMap> configMaps, String wire) {
      this.cluster = cluster;
      this.live = sets.stream().filter(s -> s.getMetadata().getDeletionTimestamp() == null)
          .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s, (a, b) -> a, TreeMap::new));
      this.configMaps = configMaps.stream().filter(c -> c.getMetadata().getName().endsWith("-config"))
          .collect(Collectors.toMap(c -> c.getMetadata().getName(), c -> c, (a, b) -> a, TreeMap::new));
      for (StatefulSet sts : live.values()) {
        String known = labels(sts.getMetadata().getLabels()).get(NodeGeneration.WIRE_LABEL);
        boolean labelledSelector = sts.getSpec() != null && sts.getSpec().getSelector() != null
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
      return generations.stream().filter(g -> wire.equals(g.wire()))
          .min(Comparator.comparing(NodeGeneration::labelledSelector).thenComparing(NodeGeneration::statefulSetName));
    }

    /** Every pod of a StatefulSet made before wire generations already carries its wire label. */
    boolean podsLabelled(NodeGeneration generation) {
      StatefulSet sts = live.get(generation.statefulSetName());
      return sts != null && sts.getSpec().getTemplate() != null
          && generation.wire().equals(labels(sts.getSpec().getTemplate().getMetadata().getLabels())
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
          ? serving.serviceSelector(cluster) : ClusterNames.selectorLabels(cluster);
    }

    /** The inputs of a serving generation that is not the target: its own settings and image. */
    DesiredInputs inputsOf(NodeGeneration generation, DesiredInputs current) {
      StatefulSet sts = live.get(generation.statefulSetName());
      ConfigMap configMap = configMaps.get(generation.configMapName());
      Map<String, String> env = configMap == null || configMap.getData() == null ? current.nodeEnvironment()
          : configMap.getData();
      return new DesiredInputs(current.cluster(), image(sts).orElse(current.image()), new TreeMap<>(env),
          current.secretFingerprint());
    }
  }
}
