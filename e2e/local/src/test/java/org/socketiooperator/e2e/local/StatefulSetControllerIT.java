package org.socketiooperator.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.testsupport.NodePeers;

/**
 * The StatefulSet controller and kubelet stand-ins on their own, with a tiny Node.js process as the container
 * (e2e/local/clients/fake-container.js) so that they run in seconds: ordered start and scale-down, and a rolling
 * update that honours partition, maxUnavailable and minReadySeconds, as Kubernetes does. The scenarios of
 * {@link LocalClusterIT} only use what the operator writes (Parallel, no partition).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatefulSetControllerIT {
    private static final String NAMESPACE = "controllers";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private LocalKubernetes k8s;
    private KubernetesClient client;
    private SharedIndexInformer<Pod> watch;
    private final List<String> events = new ArrayList<>();
    private final Map<String, String> lastState = new HashMap<>();
    private final Map<String, Integer> maxUnavailable = new HashMap<>();

    @BeforeAll
    void start() throws Exception {
        NodePeers.requireInstalled();
        Path script = NodePeers.projectRoot().resolve("e2e/local/clients/fake-container.js");
        Path logs = Path.of(System.getProperty("local.e2e.logs", "target/local-e2e"))
                .resolve("controllers");
        Files.createDirectories(logs);
        ContainerRuntime fake = launch -> {
            ProcessBuilder builder = new ProcessBuilder("node", script.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(
                            ProcessBuilder.Redirect.appendTo(launch.log().toFile()));
            launch.env()
                    .forEach((key, value) ->
                            builder.environment().put(key, NodeJarRuntime.mapped(value, launch.mounts())));
            builder.environment()
                    .put(
                            "FAKE_PORTS",
                            launch.ports().entrySet().stream()
                                    .map(e -> e.getKey() + ":" + e.getValue())
                                    .collect(Collectors.joining(",")));
            return builder.start();
        };
        k8s = LocalKubernetes.start(fake, logs);
        client = k8s.client();
        watch = k8s.api().newClient().pods().inNamespace(NAMESPACE).inform(Pods.onAnyChange(this::record));
    }

    @AfterAll
    void stop() {
        if (watch != null) {
            watch.close();
        }
        if (k8s != null) {
            k8s.close();
        }
    }

    /** "created", "ready", "terminating", "deleted" per pod, in the order the watch saw them. */
    private synchronized void record(Pod pod) {
        String name = pod.getMetadata().getName();
        boolean gone = client.pods().inNamespace(NAMESPACE).withName(name).get() == null;
        String state = gone
                ? "deleted"
                : Pods.isTerminating(pod) ? "terminating" : Pods.isRunningAndReady(pod) ? "ready" : "created";
        if (!state.equals(lastState.get(pod.getMetadata().getUid()))) {
            lastState.put(pod.getMetadata().getUid(), state);
            events.add(name + " " + state);
        }
        // how many of the set's ordinals are not serving now (missing, not ready or terminating)
        String set = name.substring(0, name.lastIndexOf('-'));
        StatefulSet current = client.apps()
                .statefulSets()
                .inNamespace(NAMESPACE)
                .withName(set)
                .get();
        if (current != null) {
            int replicas = current.getSpec().getReplicas();
            long serving = client.pods().inNamespace(NAMESPACE).list().getItems().stream()
                    .filter(p ->
                            StatefulSetController.ordinal(set, p.getMetadata().getName()) >= 0
                                    && StatefulSetController.ordinal(
                                                    set, p.getMetadata().getName())
                                            < replicas)
                    .filter(p -> !Pods.isTerminating(p) && Pods.isRunningAndReady(p))
                    .count();
            maxUnavailable.merge(set, (int) (replicas - serving), Math::max);
        }
    }

    private synchronized List<String> events(String set) {
        return events.stream().filter(e -> e.startsWith(set + "-")).toList();
    }

    @Test
    void orderedReadyStartsAndStopsOnePodAtATime() {
        client.resource(set("ordered", 3, "OrderedReady", null, null, 0, "v1")).create();
        awaitSet("ordered", s -> ready(s, 3));
        List<String> started = events("ordered");
        assertThat(started.indexOf("ordered-1 created"))
                .as(started.toString())
                .isGreaterThan(started.indexOf("ordered-0 ready"));
        assertThat(started.indexOf("ordered-2 created"))
                .as(started.toString())
                .isGreaterThan(started.indexOf("ordered-1 ready"));

        client.apps().statefulSets().inNamespace(NAMESPACE).withName("ordered").scale(1);
        awaitSet(
                "ordered",
                s -> ready(s, 1)
                        && client.pods().inNamespace(NAMESPACE).list().getItems().stream()
                                        .filter(p -> p.getMetadata().getName().startsWith("ordered-"))
                                        .count()
                                == 1);
        List<String> stopped = events("ordered");
        assertThat(stopped.indexOf("ordered-2 deleted"))
                .as(stopped.toString())
                .isPositive()
                .isLessThan(stopped.indexOf("ordered-1 terminating"));
    }

    @Test
    void rollingUpdateHonoursPartitionMaxUnavailableAndMinReadySeconds() {
        client.resource(set("rolling", 4, "Parallel", 1, 2, 2, "v1")).create();
        StatefulSet before =
                awaitSet("rolling", s -> ready(s, 4) && s.getStatus().getAvailableReplicas() == 4);
        String oldRevision = before.getStatus().getCurrentRevision();
        assertThat(client.pods().inNamespace(NAMESPACE).list().getItems().stream()
                        .filter(p -> p.getMetadata().getName().startsWith("rolling-"))
                        .flatMap(p -> Kubelet.recordedPorts(p, LocalClients.JSON).values().stream()))
                .as("every pod has local ports of its own")
                .hasSize(4)
                .doesNotHaveDuplicates();
        synchronized (this) {
            maxUnavailable.put("rolling", 0);
        }

        Instant edited = Instant.now();
        client.apps().statefulSets().inNamespace(NAMESPACE).withName("rolling").edit(s -> {
            s.getSpec().getTemplate().getMetadata().getAnnotations().put("version", "v2");
            return s;
        });
        StatefulSet partitioned = awaitSet(
                "rolling",
                s -> s.getStatus().getUpdatedReplicas() != null
                        && s.getStatus().getUpdatedReplicas() == 3
                        && s.getStatus().getAvailableReplicas() == 4);
        String newRevision = partitioned.getStatus().getUpdateRevision();
        assertThat(newRevision).isNotEqualTo(oldRevision);
        assertThat(partitioned.getStatus().getCurrentRevision())
                .as("below the partition nothing moved")
                .isEqualTo(oldRevision);
        assertThat(revisions("rolling"))
                .containsEntry("rolling-0", oldRevision)
                .containsEntry("rolling-1", newRevision)
                .containsEntry("rolling-2", newRevision)
                .containsEntry("rolling-3", newRevision);
        synchronized (this) {
            assertThat(maxUnavailable.get("rolling"))
                    .as("at most maxUnavailable pods down, and it was used")
                    .isEqualTo(2);
        }
        // minReadySeconds 2: three pods were replaced, two at a time, each counted only after 2 s of readiness
        assertThat(Duration.between(edited, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(4));

        client.apps().statefulSets().inNamespace(NAMESPACE).withName("rolling").edit(s -> {
            s.getSpec().getUpdateStrategy().getRollingUpdate().setPartition(0);
            return s;
        });
        StatefulSet done = awaitSet(
                "rolling",
                s -> s.getStatus().getUpdatedReplicas() == 4
                        && newRevision.equals(s.getStatus().getCurrentRevision())
                        && ready(s, 4));
        assertThat(done.getStatus().getCurrentReplicas()).isEqualTo(4);
        assertThat(revisions("rolling"))
                .allSatisfy((pod, revision) -> assertThat(revision).isEqualTo(newRevision));
    }

    @Test
    void aCrashedContainerIsRestartedInTheSamePod() {
        client.resource(set("crash", 1, "Parallel", null, null, 0, "v1")).create();
        awaitSet("crash", s -> ready(s, 1));
        Pod before = client.pods().inNamespace(NAMESPACE).withName("crash-0").get();
        String containerId = before.getStatus().getContainerStatuses().get(0).getContainerID();
        long pid = Long.parseLong(containerId.substring("local://".length()));
        assertThat(ProcessHandle.of(pid)).as("the container's process").isPresent();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);

        Pod after = await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> client.pods()
                                .inNamespace(NAMESPACE)
                                .withName("crash-0")
                                .get(),
                        p -> p.getStatus().getContainerStatuses().get(0).getRestartCount() == 1
                                && Pods.isRunningAndReady(p));
        assertThat(after.getMetadata().getUid())
                .as("the same pod")
                .isEqualTo(before.getMetadata().getUid());
        var container = after.getStatus().getContainerStatuses().get(0);
        assertThat(container.getLastState().getTerminated()).as("lastState").isNotNull();
        assertThat(container.getContainerID()).isNotEqualTo(containerId);
        assertThat(after.getStatus().getPodIP()).isEqualTo("127.0.0.1");
        assertThat(Kubelet.recordedPorts(after, LocalClients.JSON))
                .as("the ports it had")
                .isEqualTo(Kubelet.recordedPorts(before, LocalClients.JSON));
    }

    @Test
    void aFailingLivenessProbeRestartsTheContainer() {
        StatefulSet set = set("liveness", 1, "Parallel", null, null, 0, "v1");
        var container = set.getSpec().getTemplate().getSpec().getContainers().get(0);
        container.setLivenessProbe(new io.fabric8.kubernetes.api.model.ProbeBuilder()
                .withNewHttpGet()
                .withPath("/healthz")
                .withNewPort("http")
                .endHttpGet()
                .withPeriodSeconds(1)
                .withFailureThreshold(2)
                .build());
        container.getEnv().add(new io.fabric8.kubernetes.api.model.EnvVar("FAKE_FAIL_PATH", "/healthz", null));
        client.resource(set).create();
        Pod restarted = await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> client.pods()
                                .inNamespace(NAMESPACE)
                                .withName("liveness-0")
                                .get(),
                        p -> p != null
                                && p.getStatus() != null
                                && p.getStatus().getContainerStatuses() != null
                                && p.getStatus().getContainerStatuses().get(0).getRestartCount() >= 1);
        assertThat(restarted
                        .getStatus()
                        .getContainerStatuses()
                        .get(0)
                        .getLastState()
                        .getTerminated())
                .isNotNull();
        client.apps().statefulSets().inNamespace(NAMESPACE).withName("liveness").delete();
        await().atMost(TIMEOUT)
                .until(() -> client.pods()
                                .inNamespace(NAMESPACE)
                                .withName("liveness-0")
                                .get()
                        == null);
    }

    @Test
    void deletionRunsPreStopThenSigterm() throws Exception {
        StatefulSet set = set("prestop", 1, "Parallel", null, null, 0, "v1");
        set.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .setLifecycle(new io.fabric8.kubernetes.api.model.LifecycleBuilder()
                        .withNewPreStop()
                        .withNewHttpGet()
                        .withPath("/prestop")
                        .withNewPort("http")
                        .endHttpGet()
                        .endPreStop()
                        .build());
        client.resource(set).create();
        awaitSet("prestop", s -> ready(s, 1));
        String uid = client.pods()
                .inNamespace(NAMESPACE)
                .withName("prestop-0")
                .get()
                .getMetadata()
                .getUid();
        client.pods().inNamespace(NAMESPACE).withName("prestop-0").delete();
        // the pod stays, terminating, until its container is gone; then the controller creates it again
        await().atMost(TIMEOUT).until(() -> {
            Pod pod = client.pods().inNamespace(NAMESPACE).withName("prestop-0").get();
            return pod != null && !uid.equals(pod.getMetadata().getUid());
        });
        Path log = Path.of(System.getProperty("local.e2e.logs", "target/local-e2e"))
                .resolve("controllers")
                .resolve(NAMESPACE)
                .resolve("prestop-0.0.log");
        List<String> lines = Files.readAllLines(log);
        int preStop = indexOf(lines, "\"path\":\"/prestop\"");
        int sigterm = indexOf(lines, "\"event\":\"SIGTERM\"");
        assertThat(preStop).as("preStop GET in %s", lines).isNotNegative();
        assertThat(sigterm).as("SIGTERM after the preStop hook in %s", lines).isGreaterThan(preStop);
        client.apps().statefulSets().inNamespace(NAMESPACE).withName("prestop").delete();
    }

    /**
     * A downwardAPI volume of the pod's annotations: there when the container starts, at its mount path, and
     * replaced when the annotations change, the kubelet's way (the file read through its link sees the new one).
     */
    @Test
    void aDownwardApiVolumeFollowsThePodsAnnotations() throws Exception {
        StatefulSet set = set("downward", 1, "Parallel", null, null, 0, "v1");
        var pod = set.getSpec().getTemplate().getSpec();
        pod.setVolumes(List.of(new io.fabric8.kubernetes.api.model.VolumeBuilder()
                .withName("info")
                .withNewDownwardAPI()
                .addNewItem()
                .withPath("annotations")
                .withNewFieldRef()
                .withFieldPath("metadata.annotations")
                .endFieldRef()
                .endItem()
                .endDownwardAPI()
                .build()));
        var container = pod.getContainers().get(0);
        container.setVolumeMounts(List.of(new io.fabric8.kubernetes.api.model.VolumeMountBuilder()
                .withName("info")
                .withMountPath("/etc/info")
                .withReadOnly(true)
                .build()));
        container
                .getEnv()
                .add(new io.fabric8.kubernetes.api.model.EnvVar("FAKE_SERVE_FILE", "/etc/info/annotations", null));
        client.resource(set).create();
        awaitSet("downward", s -> ready(s, 1));
        int port = Kubelet.recordedPorts(
                        client.pods()
                                .inNamespace(NAMESPACE)
                                .withName("downward-0")
                                .get(),
                        LocalClients.JSON)
                .get(3000);
        // Keys sorted, values quoted, one per line: what the template gave the pod, and the ports the kubelet noted.
        String before = await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> fetch(port), text -> text.contains(Kubelet.PORTS_ANNOTATION));
        assertThat(before).startsWith(Kubelet.PORTS_ANNOTATION + "=\"{").contains("\nversion=\"v1\"");

        client.pods().inNamespace(NAMESPACE).withName("downward-0").edit(p -> {
            p.getMetadata().getAnnotations().put("example.org/note", "say \"hi\"\n");
            return p;
        });
        String after = await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> fetch(port), text -> text.contains("example.org/note"));
        assertThat(after).startsWith("example.org/note=\"say \\\"hi\\\"\\n\"\n");
        client.apps().statefulSets().inNamespace(NAMESPACE).withName("downward").delete();
    }

    private static String fetch(int port) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        return http.send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/file"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private Map<String, String> revisions(String set) {
        return client.pods().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(p -> p.getMetadata().getName().startsWith(set + "-") && !Pods.isTerminating(p))
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), StatefulSetController::revision));
    }

    private static boolean ready(StatefulSet set, int replicas) {
        return set.getStatus() != null
                && set.getStatus().getReplicas() != null
                && set.getStatus().getReplicas() == replicas
                && set.getStatus().getReadyReplicas() != null
                && set.getStatus().getReadyReplicas() == replicas
                && set.getMetadata().getGeneration().equals(set.getStatus().getObservedGeneration());
    }

    private StatefulSet awaitSet(String name, Predicate<StatefulSet> condition) {
        return await().atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> client.apps()
                                .statefulSets()
                                .inNamespace(NAMESPACE)
                                .withName(name)
                                .get(),
                        s -> s != null && condition.test(s));
    }

    private static StatefulSet set(
            String name,
            int replicas,
            String policy,
            Integer partition,
            Integer maxUnavailable,
            int minReadySeconds,
            String version) {
        return new StatefulSetBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withServiceName(name)
                .withPodManagementPolicy(policy)
                .withMinReadySeconds(minReadySeconds)
                .withNewUpdateStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withPartition(partition)
                .withMaxUnavailable(maxUnavailable == null ? null : new IntOrString(maxUnavailable))
                .endRollingUpdate()
                .endUpdateStrategy()
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .addToAnnotations("version", version)
                .endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(5L)
                .addNewContainer()
                .withName("c")
                .withImage("fake")
                .addNewPort()
                .withName("http")
                .withContainerPort(3000)
                .endPort()
                .addNewEnv()
                .withName("FAKE_TERM_DELAY_MS")
                .withValue("300")
                .endEnv()
                .withNewReadinessProbe()
                .withNewHttpGet()
                .withPath("/ready")
                .withNewPort("http")
                .endHttpGet()
                .withPeriodSeconds(1)
                .withFailureThreshold(1)
                .endReadinessProbe()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
