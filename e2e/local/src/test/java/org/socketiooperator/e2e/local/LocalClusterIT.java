package org.socketiooperator.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.socketiooperator.emitter.Emitter;
import org.socketiooperator.emitter.EmitterOptions;
import org.socketiooperator.testsupport.NodePeers;
import org.socketiooperator.testsupport.RedisServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SocketIoCluster's life on a local Kubernetes ({@link LocalKubernetes}): the real operator, real node
 * processes, a real Redis of the test's own, official socket.io-client processes and the Java emitter. The
 * scenarios run in order on the same cluster; {@code -Dlocal.e2e.suite=full} runs all six (see e2e/README.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterIT {
  static final Logger LOG = LoggerFactory.getLogger(LocalClusterIT.class);
  static final String NAMESPACE = "local-e2e";
  static final String NAME = "chat";
  static final Duration TIMEOUT = Duration.ofMinutes(3);
  static final boolean FULL = "full".equals(System.getProperty("local.e2e.suite", "ci"));

  LocalKubernetes k8s;
  KubernetesClient client;
  LocalOperator operator;
  RedisServer redis;
  ClusterTimeline timeline;
  Path logs;

  @BeforeAll
  void startEverything() throws IOException {
    NodePeers.requireInstalled();
    logs = Path.of(System.getProperty("local.e2e.logs", "target/local-e2e"))
        .resolve("run-" + Instant.now().toString().replace(':', '-'));
    Files.createDirectories(logs);
    redis = RedisServer.start(freePort());
    Path jar = NodePeers.projectRoot().resolve("node-image/target/socketio-node.jar");
    k8s = LocalKubernetes.start(new NodeJarRuntime(jar, Duration.ofMinutes(40)), logs.resolve("pods"),
        Clusters.CRD_RESOURCE);
    client = k8s.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    // Redis is checked every 5 s instead of every minute, so an outage shows within the scenario.
    operator = LocalOperator.start(k8s.api().newClient(), NAMESPACE, Duration.ofSeconds(5));
    timeline = new ClusterTimeline(k8s.api().newClient(), NAMESPACE, NAME);
    LOG.info("local e2e ({} suite): API server {}, Redis {}, logs {}", FULL ? "full" : "ci",
        client.getMasterUrl(), redis.uri(), logs.toAbsolutePath());
  }

  @AfterAll
  void stopEverything() {
    for (AutoCloseable part : new AutoCloseable[] {timeline, operator, k8s, redis}) {
      if (part != null) {
        try {
          part.close();
        } catch (Exception e) {
          LOG.warn("closing {}: {}", part.getClass().getSimpleName(), e.toString());
        }
      }
    }
    if (k8s != null) {
      assertThat(k8s.kubelet().processes()).as("every node process has ended").noneMatch(Process::isAlive);
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // 1. Three replicas become Ready; clients on different pods exchange broadcasts, rooms and acks; the Java
  //    emitter and the official Node.js emitter reach them.
  // ---------------------------------------------------------------------------------------------------------

  @Test
  @Order(1)
  void threeReplicasBecomeReadyAndTheirClientsTalk() throws Exception {
    Instant start = Instant.now();
    client.resource(Clusters.manifest(NAMESPACE, NAME, 3, redis.uri(), "classic")).create();
    GenericKubernetesResource ready = awaitCluster("Ready with 3 ready nodes", c -> readyWith(c, 3));
    LOG.info("scenario 1: Ready after {} s: {}", seconds(start), Clusters.summary(ready));
    assertThat(Clusters.isTrue(ready, "RedisReachable")).isTrue();
    assertThat(k8s.kubelet().runningContainers()).isEqualTo(3);
    await().atMost(TIMEOUT).until(() -> k8s.services().readyEndpoints(NAMESPACE, NAME).size() == 3);

    List<LocalClients.Spec> specs = IntStream.range(0, 6).mapToObj(i -> LocalClients.Spec.of(i, "all")).toList();
    try (LocalClients clients = LocalClients.start(service(), specs, true);
         Emitter emitter = Emitter.create(EmitterOptions.builder().redisUri(redis.uri()).build())) {
      for (LocalClients.Spec spec : specs) {
        clients.awaitJoined(spec.id(), 0);
      }
      // Three clients on three different pods, as the Service's ClientIP affinity placed them.
      Map<String, Integer> onPod = new LinkedHashMap<>();
      for (LocalClients.Spec spec : specs) {
        k8s.services().podOf(NAMESPACE, NAME, spec.address()).ifPresent(pod -> onPod.putIfAbsent(pod, spec.id()));
      }
      assertThat(onPod).as("clients per pod through the Service").hasSize(3);
      List<Integer> three = new ArrayList<>(onPod.values());
      int a = three.get(0);
      int b = three.get(1);
      int c = three.get(2);
      LOG.info("scenario 1: clients {} on pods {}", onPod.values(), onPod.keySet());

      // Rooms and acks: a and b in r1, c in r2; every join and publish is acknowledged by the node.
      clients.join(a, "r1");
      clients.join(b, "r1");
      clients.join(c, "r2");
      clients.publish(a, "r1", "chat", "hello-r1");
      clients.publish(c, "r2", "chat", "hello-r2");
      // a marker to everyone from a's node: it leaves that node after hello-r1, so c has had its chance
      clients.publish(a, "all", "chat", "marker-from-a");
      clients.publish(c, "all", "chat", "marker-from-c");
      clients.awaitReceived(b, "chat", "hello-r1");
      clients.awaitReceived(a, "chat", "hello-r1");
      clients.awaitReceived(c, "chat", "hello-r2");
      for (int each : List.of(a, b, c)) {
        clients.awaitReceived(each, "chat", "marker-from-a");
        clients.awaitReceived(each, "chat", "marker-from-c");
      }
      assertThat(clients.hasReceived(c, "chat", "hello-r1")).as("c is not in r1").isFalse();
      assertThat(clients.hasReceived(a, "chat", "hello-r2")).as("a is not in r2").isFalse();
      assertThat(clients.hasReceived(b, "chat", "hello-r2")).as("b is not in r2").isFalse();

      // The Java emitter: to a room, then to everyone (in that order on one connection).
      emitter.to("r1").emit("news", "java-r1").toCompletableFuture().get();
      emitter.emit("news", "java-all").toCompletableFuture().get();
      for (LocalClients.Spec spec : specs) {
        clients.awaitReceived(spec.id(), "news", "java-all");
      }
      clients.awaitReceived(a, "news", "java-r1");
      clients.awaitReceived(b, "news", "java-r1");
      assertThat(clients.hasReceived(c, "news", "java-r1")).as("c is not in r1").isFalse();

      // The official Node.js emitter (@socket.io/redis-emitter).
      LocalClients.emitWithOfficialEmitter(redis.uri(), "r2", "news", "node-r2");
      LocalClients.emitWithOfficialEmitter(redis.uri(), "all", "news", "node-all");
      for (LocalClients.Spec spec : specs) {
        clients.awaitReceived(spec.id(), "news", "node-all");
      }
      clients.awaitReceived(c, "news", "node-r2");
      assertThat(clients.hasReceived(a, "news", "node-r2")).as("a is not in r2").isFalse();
      assertThat(clients.hasReceived(b, "news", "node-r2")).as("b is not in r2").isFalse();
    }
    LOG.info("scenario 1: done in {} s", seconds(start));
  }

  // ---------------------------------------------------------------------------------------------------------
  // 6. Deleting the cluster stops every process and leaves nothing on the API server.
  // ---------------------------------------------------------------------------------------------------------

  @Test
  @Order(6)
  void deletingTheClusterStopsEveryProcessAndLeavesNothing() {
    Instant start = Instant.now();
    assertThat(Clusters.of(client).inNamespace(NAMESPACE).withName(NAME).delete()).isNotEmpty();
    awaitOrFail("every node process stopped", () -> k8s.kubelet().runningContainers() == 0);
    awaitOrFail("nothing left in namespace " + NAMESPACE, () -> leftovers().isEmpty());
    assertThat(k8s.kubelet().processes()).as("every process the kubelet started")
        .allSatisfy(p -> assertThat(p.isAlive() || p.descendants().anyMatch(ProcessHandle::isAlive)).isFalse());
    int events = client.v1().events().inNamespace(NAMESPACE).list().getItems().size();
    LOG.info("scenario 6: all {} node processes ended and nothing is left after {} s ({} Events stay, as in"
        + " Kubernetes, which keeps them an hour)", k8s.kubelet().processes().size(), seconds(start), events);
  }

  /** What is left in the namespace, Events apart. */
  private List<String> leftovers() {
    List<HasMetadata> left = new ArrayList<>();
    left.addAll(Clusters.of(client).inNamespace(NAMESPACE).list().getItems());
    left.addAll(client.apps().statefulSets().inNamespace(NAMESPACE).list().getItems());
    left.addAll(client.apps().controllerRevisions().inNamespace(NAMESPACE).list().getItems());
    left.addAll(client.pods().inNamespace(NAMESPACE).list().getItems());
    left.addAll(client.services().inNamespace(NAMESPACE).list().getItems());
    left.addAll(client.configMaps().inNamespace(NAMESPACE).list().getItems());
    left.addAll(client.secrets().inNamespace(NAMESPACE).list().getItems());
    left.addAll(client.policy().v1().podDisruptionBudget().inNamespace(NAMESPACE).list().getItems());
    left.addAll(client.network().v1().ingresses().inNamespace(NAMESPACE).list().getItems());
    return left.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
  }

  // ---------------------------------------------------------------------------------------------------------

  InetSocketAddress service() {
    return await().atMost(TIMEOUT).until(() -> k8s.services().address(NAMESPACE, NAME, "http"), Optional::isPresent)
        .orElseThrow();
  }

  /** Ready for the current generation with {@code replicas} ready nodes and as many in the status. */
  static boolean readyWith(GenericKubernetesResource cluster, int replicas) {
    return cluster != null && Clusters.readyForCurrentGeneration(cluster)
        && Clusters.statusInt(cluster, "readyReplicas") == replicas
        && Clusters.statusInt(cluster, "replicas") == replicas;
  }

  GenericKubernetesResource awaitCluster(String what, Predicate<GenericKubernetesResource> condition) {
    try {
      return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
          .until(() -> Clusters.get(client, NAMESPACE, NAME), condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("the cluster was not " + what + " within " + TIMEOUT + "; now: "
          + Clusters.summary(Clusters.get(client, NAMESPACE, NAME)) + "\n" + diagnostics(), e);
    }
  }

  void awaitOrFail(String what, java.util.concurrent.Callable<Boolean> condition) {
    try {
      await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("not " + what + " within " + TIMEOUT + "\n" + diagnostics(), e);
    }
  }

  /** The StatefulSets, pods and recent node output, for failure messages. */
  String diagnostics() {
    StringBuilder out = new StringBuilder();
    for (StatefulSet set : client.apps().statefulSets().inNamespace(NAMESPACE).list().getItems()) {
      out.append("StatefulSet ").append(set.getMetadata().getName()).append(" spec.replicas=")
          .append(set.getSpec().getReplicas()).append(" status=").append(set.getStatus()).append('\n');
    }
    Set<String> pods = new HashSet<>();
    client.pods().inNamespace(NAMESPACE).list().getItems().forEach(pod -> {
      pods.add(pod.getMetadata().getName());
      out.append("Pod ").append(pod.getMetadata().getName()).append(" phase=")
          .append(pod.getStatus() == null ? null : pod.getStatus().getPhase()).append(" ready=")
          .append(Pods.isRunningAndReady(pod)).append(" terminating=").append(Pods.isTerminating(pod)).append('\n');
    });
    pods.forEach(pod -> out.append(k8s.kubelet().logTail(NAMESPACE, pod, 15)));
    out.append("timeline:\n").append(timeline.print());
    return out.toString();
  }

  static String seconds(Instant since) {
    return String.format("%.1f", Duration.between(since, Instant.now()).toMillis() / 1000.0);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
