package org.socketiooperator.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.socketiooperator.operator.SocketIoOperator;
import org.socketiooperator.operator.config.OperatorConfig;
import org.socketiooperator.operator.dependents.NodeGeneration;
import org.socketiooperator.operator.dependents.NodeStatefulSet;
import org.socketiooperator.operator.metrics.OperatorMetrics;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.status.ConditionTypes;
import org.socketiooperator.operator.status.Conditions;
import org.socketiooperator.operator.testing.ClusterEdits;
import org.socketiooperator.operator.testing.FakeRedisProber;
import org.socketiooperator.operator.testing.Manifests;
import org.socketiooperator.operator.testing.MockApiServer;

/**
 * Rollouts through the whole operator on fabric8's mock API server: the pod template's shutdown and update
 * settings, the switch between wire generations as a sequence of API objects, and default-image upgrades one
 * cluster at a time. Every test runs its own operators, watching only its own namespace.
 */
class RolloutOnMockServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static MockApiServer api;
    private static KubernetesClient client;
    private final List<Operator> operators = new ArrayList<>();
    private final List<Watch> watches = new ArrayList<>();
    private String namespace;

    @BeforeAll
    static void startApi() throws Exception {
        api = new MockApiServer();
        client = api.client();
    }

    @AfterAll
    static void stopApi() {
        if (api != null) {
            api.close();
        }
    }

    @BeforeEach
    void freshNamespace() {
        namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stopOperators() {
        watches.forEach(Watch::close);
        operators.forEach(Operator::stop);
    }

    @Test
    void podsPauseBeforeTheDrainAndTheGracePeriodCoversPauseDrainAndClose() {
        start(config("example.org/node:1", 1, Duration.ofSeconds(60)));
        create(
                "shut",
                "redis: {host: redis.example}\nshutdown: {drainPeriodSeconds: 20, preStopDelaySeconds: 7}\n"
                        + "updateStrategy: {partition: 1, maxUnavailable: '50%'}\npodDisruptionBudget: {minAvailable: '60%'}\n");
        StatefulSet sts = await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "shut"), s -> s != null);
        var pod = sts.getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers()
                        .get(0)
                        .getLifecycle()
                        .getPreStop()
                        .getSleep()
                        .getSeconds())
                .isEqualTo(7L);
        assertThat(pod.getTerminationGracePeriodSeconds())
                .as("7 preStop + 20 drain + 10 close + 5 headroom")
                .isEqualTo(42L);
        assertThat(sts.getSpec().getMinReadySeconds()).isEqualTo(10);
        // The drain signal's path: the pod's annotations, kept current by the kubelet.
        assertThat(pod.getVolumes())
                .filteredOn(v -> v.getName().equals("pod-info"))
                .singleElement()
                .satisfies(v -> assertThat(v.getDownwardAPI().getItems())
                        .singleElement()
                        .satisfies(item -> {
                            assertThat(item.getPath()).isEqualTo("annotations");
                            assertThat(item.getFieldRef().getFieldPath()).isEqualTo("metadata.annotations");
                        }));
        assertThat(pod.getContainers().get(0).getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("pod-info");
            assertThat(m.getMountPath()).isEqualTo(NodeStatefulSet.POD_INFO_MOUNT);
        });
        assertThat(pod.getContainers().get(0).getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("SIO_DRAIN_SIGNAL_FILE");
            assertThat(e.getValue()).isEqualTo("/etc/socketio/pod/annotations");
        });
        assertThat(sts.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(sts.getSpec().getUpdateStrategy().getRollingUpdate().getPartition())
                .isEqualTo(1);
        assertThat(sts.getSpec()
                        .getUpdateStrategy()
                        .getRollingUpdate()
                        .getMaxUnavailable()
                        .getStrVal())
                .isEqualTo("50%");
        PodDisruptionBudget pdb =
                await().atMost(TIMEOUT).until(() -> get(PodDisruptionBudget.class, "shut"), p -> p != null);
        assertThat(pdb.getSpec().getMinAvailable().getStrVal()).isEqualTo("60%");
        assertThat(pdb.getSpec().getMaxUnavailable()).isNull();
        assertThat(pdb.getSpec().getUnhealthyPodEvictionPolicy()).isEqualTo("AlwaysAllow");

        // Defaults: a 5 s pause, one pod at a time, no partition.
        create("plain", "redis: {host: redis.example}\n");
        StatefulSet plain = await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "plain"), s -> s != null);
        assertThat(plain.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getLifecycle()
                        .getPreStop()
                        .getSleep()
                        .getSeconds())
                .isEqualTo(5L);
        assertThat(plain.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isEqualTo(30L);
        assertThat(plain.getSpec().getUpdateStrategy().getRollingUpdate()).isNull();

        // A grace period the node cannot stop within is refused, before any pod is made.
        create(
                "short",
                "redis: {host: redis.example}\nshutdown: {drainPeriodSeconds: 20,"
                        + " terminationGracePeriodSeconds: 30}\n");
        var accepted = await().atMost(TIMEOUT)
                .until(
                        () -> get(SocketIoCluster.class, "short").getStatus(),
                        s -> s != null
                                && Conditions.find(s.conditions(), ConditionTypes.ACCEPTED)
                                        .isPresent());
        assertThat(Conditions.find(accepted.conditions(), ConditionTypes.ACCEPTED)
                        .orElseThrow()
                        .getMessage())
                .contains("terminationGracePeriodSeconds (30) must be at least 35");
        assertThat(get(StatefulSet.class, "short")).isNull();
    }

    /**
     * The object sequence of a wire-incompatible change: new StatefulSet, Service unchanged until it reports all
     * nodes available, Service switched, then the old pods told to drain at once, the old StatefulSet deleted once
     * they report not ready, then its ConfigMap; and no Service
     * version ever selects the pods of two StatefulSets.
     */
    @Test
    void aWireChangeSwitchesGenerationsWithoutTheServiceEverSelectingTwo() {
        start(config("example.org/node:1", 1, Duration.ofSeconds(60)));
        create("bg", "redis: {host: redis.example}\n");
        StatefulSet first = await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "bg"), s -> s != null);
        String oldWire = first.getMetadata().getLabels().get(NodeGeneration.WIRE_LABEL);
        await().atMost(TIMEOUT).until(() -> get(Service.class, "bg"), s -> s != null);
        markAvailable("bg", 2);
        // The old generation's pods, as the StatefulSet controller named them (the mock runs no controller).
        for (int i = 0; i < 2; i++) {
            client.pods()
                    .inNamespace(namespace)
                    .resource(new PodBuilder()
                            .withNewMetadata()
                            .withName("bg-" + i)
                            .endMetadata()
                            .withNewSpec()
                            .addNewContainer()
                            .withName("node")
                            .withImage("x")
                            .endContainer()
                            .endSpec()
                            .build())
                    .create();
        }
        List<String> timeline = record();

        editSpec("bg", "redis: {host: redis.example}\nadapter: {mode: sharded, channelPrefix: chat}\n");
        StatefulSet next = await().atMost(TIMEOUT)
                .until(
                        () -> list(StatefulSet.class).stream()
                                .filter(s -> !s.getMetadata().getName().equals("bg"))
                                .findFirst()
                                .orElse(null),
                        s -> s != null);
        String newWire = next.getMetadata().getLabels().get(NodeGeneration.WIRE_LABEL);
        assertThat(next.getMetadata().getName()).isEqualTo("bg-" + newWire);
        await().atMost(TIMEOUT).until(() -> get(ConfigMap.class, "bg-" + newWire + "-config"), c -> c != null);
        awaitNoMoreWrites();
        assertThat(get(Service.class, "bg").getSpec().getSelector()).containsEntry(NodeGeneration.WIRE_LABEL, oldWire);
        assertThat(get(StatefulSet.class, "bg")).isNotNull();
        assertThat(get(ConfigMap.class, "bg-config").getData()).containsEntry("SIO_ADAPTER_MODE", "classic");

        // Ready, but not yet available (minReadySeconds): still the old generation.
        setStatus(next.getMetadata().getName(), 2, 2, 0);
        awaitNoMoreWrites();
        assertThat(get(Service.class, "bg").getSpec().getSelector()).containsEntry(NodeGeneration.WIRE_LABEL, oldWire);

        markAvailable(next.getMetadata().getName(), 2);
        await().atMost(TIMEOUT)
                .until(
                        () -> get(Service.class, "bg").getSpec().getSelector().get(NodeGeneration.WIRE_LABEL),
                        newWire::equals);
        // The old nodes are told to drain at once; their StatefulSet stays until they report not ready.
        for (int i = 0; i < 2; i++) {
            String name = "bg-" + i;
            await().atMost(TIMEOUT)
                    .until(
                            () -> client.pods()
                                    .inNamespace(namespace)
                                    .withName(name)
                                    .get()
                                    .getMetadata()
                                    .getAnnotations(),
                            a -> a != null
                                    && NodeRollout.DRAIN_POD_VALUE.equals(a.get(NodeRollout.DRAIN_POD_ANNOTATION)));
        }
        awaitNoMoreWrites();
        assertThat(get(StatefulSet.class, "bg").getMetadata().getAnnotations())
                .containsKey(NodeRollout.DRAIN_REQUESTED_ANNOTATION);
        setStatus("bg", 2, 0, 0);
        await().atMost(TIMEOUT)
                .until(() -> get(StatefulSet.class, "bg") == null && get(ConfigMap.class, "bg-config") == null);
        awaitNoMoreWrites();

        int created =
                indexOf(timeline, "ADDED StatefulSet " + next.getMetadata().getName());
        int switched = indexOf(timeline, "MODIFIED Service bg " + newWire);
        int signalled = Math.min(indexOf(timeline, "MODIFIED Pod bg-0"), indexOf(timeline, "MODIFIED Pod bg-1"));
        int oldGone = indexOf(timeline, "DELETED StatefulSet bg");
        int configGone = indexOf(timeline, "DELETED ConfigMap bg-config");
        assertThat(created).as("%s", timeline).isGreaterThanOrEqualTo(0);
        assertThat(switched).as("%s", timeline).isGreaterThan(created);
        assertThat(signalled)
                .as("the old pods are told to drain after the Service moved: %s", timeline)
                .isGreaterThan(switched);
        assertThat(oldGone).as("%s", timeline).isGreaterThan(signalled);
        assertThat(configGone).as("%s", timeline).isGreaterThan(oldGone);
        assertThat(timeline)
                .filteredOn(e -> e.startsWith("SELECTS "))
                .as("%s", timeline)
                .allMatch(e -> e.endsWith(" 1") || e.endsWith(" 0"));
    }

    /** An operator upgrade with a new default image: one cluster at a time, the next once the first rolled out. */
    @Test
    void aNewDefaultImageRollsOneClusterAtATime() {
        Operator before = start(config("example.org/node:1", 1, Duration.ofSeconds(60)));
        create("a", "redis: {host: redis.example}\n");
        create("b", "redis: {host: redis.example}\n");
        create("pinned", "redis: {host: redis.example}\nimage: example.org/mine:1\n");
        for (String name : List.of("a", "b", "pinned")) {
            await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, name), s -> s != null);
            markAvailable(name, 2);
        }
        awaitNoMoreWrites();
        before.stop();
        operators.remove(before);

        // The upgraded operator: a new default image, one rollout at a time, rechecks every 2 s while waiting.
        OperatorMetrics metrics = new OperatorMetrics();
        start(config("example.org/node:2", 1, Duration.ofSeconds(8)), metrics);
        await().atMost(TIMEOUT)
                .until(() -> image("a").endsWith(":2") || image("b").endsWith(":2"));
        String first = image("a").endsWith(":2") ? "a" : "b";
        String second = first.equals("a") ? "b" : "a";
        assertThat(get(StatefulSet.class, first).getMetadata().getAnnotations())
                .containsEntry(NodeStatefulSet.IMAGE_ANNOTATION, "example.org/node:2");

        // The other one waits as long as the first one rolls: several rechecks later it still runs the old image.
        double reconciles = metrics.succeeded();
        await().atMost(TIMEOUT).until(metrics::succeeded, n -> n >= reconciles + 6);
        assertThat(image(second)).isEqualTo("example.org/node:1");
        assertThat(image("pinned")).isEqualTo("example.org/mine:1");

        markAvailable(first, 2);
        await().atMost(TIMEOUT).until(() -> image(second), "example.org/node:2"::equals);
        assertThat(image("pinned")).isEqualTo("example.org/mine:1");
    }

    @Test
    void withNoSlotsANewDefaultImageWaitsForTheClustersOptIn() {
        Operator before = start(config("example.org/node:1", 1, Duration.ofSeconds(60)));
        create("held", "redis: {host: redis.example}\n");
        await().atMost(TIMEOUT).until(() -> get(StatefulSet.class, "held"), s -> s != null);
        markAvailable("held", 2);
        awaitNoMoreWrites();
        before.stop();
        operators.remove(before);

        // A probe interval of a minute: a waiting cluster looks again only every 15 s.
        OperatorMetrics metrics = new OperatorMetrics();
        start(config("example.org/node:2", 0, Duration.ofSeconds(60)), metrics);
        await().atMost(TIMEOUT).until(metrics::succeeded, n -> n >= 1);
        awaitNoMoreWrites();
        assertThat(image("held")).isEqualTo("example.org/node:1");

        // The opt-in changes no generation, yet it is acted on at once, not at the next look.
        client.resources(SocketIoCluster.class)
                .inNamespace(namespace)
                .withName("held")
                .edit(c -> {
                    c.getMetadata().setAnnotations(Map.of(NodeRollout.ROLL_DEFAULT_IMAGE_ANNOTATION, "true"));
                    return c;
                });
        await().atMost(Duration.ofSeconds(5)).until(() -> image("held"), "example.org/node:2"::equals);
    }

    private OperatorConfig config(String defaultImage, int rollouts, Duration probeInterval) {
        return new OperatorConfig(
                Set.of(namespace), false, probeInterval, Duration.ofSeconds(2), defaultImage, false, null, 0, rollouts);
    }

    private Operator start(OperatorConfig config) {
        return start(config, new OperatorMetrics());
    }

    private Operator start(OperatorConfig config, OperatorMetrics metrics) {
        Operator operator = SocketIoOperator.create(client, config, new FakeRedisProber(), metrics, false);
        operators.add(operator);
        operator.start();
        return operator;
    }

    /**
     * Watches StatefulSets, ConfigMaps and the client Services of the namespace, in the order the server sends
     * the events; after each Service or StatefulSet event, notes how many StatefulSets the Service's selector
     * matches the pods of ("SELECTS name n").
     */
    private List<String> record() {
        List<String> timeline = new CopyOnWriteArrayList<>();
        Map<String, StatefulSet> sets = new HashMap<>();
        Map<String, Service> services = new HashMap<>();
        Object lock = new Object();
        Runnable count = () -> services.values()
                .forEach(svc -> timeline.add("SELECTS " + svc.getMetadata().getName()
                        + " "
                        + sets.values().stream()
                                .filter(s -> s.getSpec()
                                        .getTemplate()
                                        .getMetadata()
                                        .getLabels()
                                        .entrySet()
                                        .containsAll(svc.getSpec().getSelector().entrySet()))
                                .count()));
        sets.putAll(Map.copyOf(toMap(list(StatefulSet.class))));
        list(Service.class).stream()
                .filter(s -> !s.getMetadata().getName().endsWith("-nodes"))
                .forEach(s -> services.put(s.getMetadata().getName(), s));
        watches.add(client.apps()
                .statefulSets()
                .inNamespace(namespace)
                .watch(new Recorder<>(timeline, (action, sts) -> {
                    synchronized (lock) {
                        if (action == Watcher.Action.DELETED) {
                            sets.remove(sts.getMetadata().getName());
                        } else {
                            sets.put(sts.getMetadata().getName(), sts);
                        }
                        count.run();
                    }
                })));
        watches.add(client.services().inNamespace(namespace).watch(new Recorder<>(timeline, (action, svc) -> {
            if (svc.getMetadata().getName().endsWith("-nodes")) {
                return;
            }
            synchronized (lock) {
                services.put(svc.getMetadata().getName(), svc);
                count.run();
            }
        })));
        watches.add(client.configMaps().inNamespace(namespace).watch(new Recorder<>(timeline, (action, cm) -> {})));
        watches.add(client.pods().inNamespace(namespace).watch(new Recorder<>(timeline, (action, pod) -> {})));
        return timeline;
    }

    private static Map<String, StatefulSet> toMap(List<StatefulSet> sets) {
        Map<String, StatefulSet> map = new HashMap<>();
        sets.forEach(s -> map.put(s.getMetadata().getName(), s));
        return map;
    }

    private record Recorder<T extends HasMetadata>(
            List<String> timeline, java.util.function.BiConsumer<Watcher.Action, T> after) implements Watcher<T> {
        @Override
        public void eventReceived(Action action, T resource) {
            String selector = resource instanceof Service svc && svc.getSpec().getSelector() != null
                    ? " " + svc.getSpec().getSelector().get(NodeGeneration.WIRE_LABEL)
                    : "";
            timeline.add(action + " " + resource.getKind() + " "
                    + resource.getMetadata().getName() + selector);
            after.accept(action, resource);
        }

        @Override
        public void onClose(WatcherException cause) {}
    }

    private static int indexOf(List<String> timeline, String entry) {
        return timeline.indexOf(entry);
    }

    private String image(String name) {
        StatefulSet sts = get(StatefulSet.class, name);
        return sts == null
                ? ""
                : sts.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    /** What the StatefulSet controller reports once every pod of the current template is ready and available. */
    private void markAvailable(String name, int replicas) {
        setStatus(name, replicas, replicas, replicas);
    }

    private void setStatus(String name, int replicas, int ready, int available) {
        client.apps().statefulSets().inNamespace(namespace).withName(name).editStatus(s -> {
            s.setStatus(new StatefulSetStatusBuilder()
                    .withObservedGeneration(s.getMetadata().getGeneration())
                    .withReplicas(replicas)
                    .withReadyReplicas(ready)
                    .withAvailableReplicas(available)
                    .withUpdatedReplicas(replicas)
                    .withCurrentRevision("r" + s.getMetadata().getGeneration())
                    .withUpdateRevision("r" + s.getMetadata().getGeneration())
                    .build());
            return s;
        });
    }

    private static void awaitNoMoreWrites() {
        java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong(-1);
        await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> api.writes() == last.getAndSet(api.writes()));
    }

    private void create(String name, String specYaml) {
        client.resource(Manifests.cluster(name, namespace, specYaml)).create();
    }

    private void editSpec(String name, String specYaml) {
        ClusterEdits.editSpec(client, namespace, name, specYaml);
    }

    private <R extends HasMetadata> List<R> list(Class<R> type) {
        return client.resources(type).inNamespace(namespace).list().getItems();
    }

    private <R extends HasMetadata> R get(Class<R> type, String name) {
        return client.resources(type).inNamespace(namespace).withName(name).get();
    }
}
