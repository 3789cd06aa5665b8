package org.socketiooperator.operator.bench.josdk;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonDiff;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.socketiooperator.operator.SocketIoOperator;
import org.socketiooperator.operator.config.OperatorConfig;
import org.socketiooperator.operator.metrics.OperatorMetrics;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.model.SocketIoClusterStatus;
import org.socketiooperator.operator.status.Conditions;
import org.socketiooperator.operator.testing.FakeRedisProber;
import org.socketiooperator.operator.testing.Manifests;
import org.socketiooperator.operator.testing.MockApiServer;

/**
 * ADR 0005's measurements: the operator's hand-written dependents (DependentWriter, LiveDrift) against the same
 * desired objects as java-operator-sdk managed dependents ({@link PrototypeReconciler}), both on fabric8's mock
 * API server, with and without server-side apply. Prints the API requests of each phase: creation, a restarted
 * operator reconciling an unchanged world, objects defaulted as a real API server stores them, hand edits, and a
 * refused write. A harness that prints figures, not a test.
 */
public final class DependentsComparison {
    private static final Set<String> DEPENDENT_KINDS =
            Set.of("configmaps", "services", "statefulsets", "poddisruptionbudgets", "networkpolicies");
    /** A user's CPU request in the spelling the API server rewrites ("500m"). */
    private static final String SPEC = Manifests.MINIMAL_SPEC + """
      resources:
        requests: {cpu: "0.5", memory: 256Mi}
      """;

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final String NAMESPACE = "cmp";

    private enum Variant {
        HAND_WRITTEN(false),
        HAND_WRITTEN_SSA(true),
        JOSDK(false),
        JOSDK_SSA(true);

        final boolean ssa;

        Variant(boolean ssa) {
            this.ssa = ssa;
        }
    }

    private DependentsComparison() {}

    public static void main(String[] args) throws Exception {
        int clusters = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<Variant> variants = args.length > 1
                ? List.of(args[1].split(",")).stream().map(Variant::valueOf).toList()
                : List.of(Variant.values());
        for (Variant variant : variants) {
            try (MockApiServer api = new MockApiServer()) {
                run(variant, api, clusters);
            }
        }
        System.exit(0);
    }

    private static void run(Variant variant, MockApiServer api, int clusters) {
        KubernetesClient client = api.client();
        System.out.printf("%n== %s, %d clusters%n", variant, clusters);
        OperatorMetrics metrics = new OperatorMetrics();
        Operator operator = start(variant, api, metrics);
        try {
            Phase creation = new Phase(api);
            for (int i = 0; i < clusters; i++) {
                client.resource(Manifests.cluster("c" + i, NAMESPACE, SPEC)).create();
            }
            creation.settle(api, metrics, clusters);
            creation.print("creation", api, clusters, 0);
        } finally {
            operator.stop();
        }

        OperatorMetrics restartedMetrics = new OperatorMetrics();
        Phase restart = new Phase(api);
        Operator restarted = start(variant, api, restartedMetrics);
        try {
            restart.settle(api, restartedMetrics, clusters);
            restart.print("restart, nothing changed", api, clusters, 0);
            printMismatches(client);

            for (int round = 1; round <= 2; round++) {
                Phase defaults = new Phase(api);
                int edits = defaultEverything(client);
                defaults.settle(api, restartedMetrics, 0);
                defaults.print("server defaults, round " + round, api, clusters, edits);
            }

            handEdit(
                    api,
                    "client Service sessionAffinity ClientIP -> None",
                    Service.class,
                    "c0",
                    s -> {
                        s.getSpec().setSessionAffinity("None");
                        return s;
                    },
                    s -> "ClientIP".equals(s.getSpec().getSessionAffinity()));
            handEdit(
                    api,
                    "StatefulSet replicas 2 -> 5 (kubectl scale)",
                    StatefulSet.class,
                    "c1",
                    s -> {
                        s.getSpec().setReplicas(5);
                        return s;
                    },
                    s -> s.getSpec().getReplicas() == 2);
            handEdit(
                    api,
                    "ConfigMap SIO_ADAPTER_MODE classic -> sharded",
                    ConfigMap.class,
                    "c2-config",
                    c -> {
                        c.getData().put("SIO_ADAPTER_MODE", "sharded");
                        return c;
                    },
                    c -> "classic".equals(c.getData().get("SIO_ADAPTER_MODE")));
            handEdit(
                    api,
                    "node container env gets one more entry",
                    StatefulSet.class,
                    "c3",
                    s -> {
                        s.getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getEnv()
                                .add(new EnvVar("ADDED_BY_HAND", "1", null));
                        return s;
                    },
                    s -> s.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                            .noneMatch(e -> e.getName().equals("ADDED_BY_HAND")));
            handEdit(
                    api,
                    "ConfigMap gets one more key",
                    ConfigMap.class,
                    "c4-config",
                    c -> {
                        c.getData().put("ADDED_BY_HAND", "1");
                        return c;
                    },
                    c -> !c.getData().containsKey("ADDED_BY_HAND"));
            handEdit(api, "client Service deleted", Service.class, "c5", null, s -> true);

            refusal(variant, api);
        } finally {
            restarted.stop();
        }
    }

    private static Operator start(Variant variant, MockApiServer api, OperatorMetrics metrics) {
        Operator operator;
        if (variant == Variant.HAND_WRITTEN || variant == Variant.HAND_WRITTEN_SSA) {
            OperatorConfig test = OperatorConfig.forTests();
            OperatorConfig config = new OperatorConfig(
                    test.namespaces(),
                    variant.ssa,
                    test.probeInterval(),
                    test.probeTimeout(),
                    test.nodeImage(),
                    false,
                    null,
                    test.metricsPort(),
                    test.nodeImageRollouts());
            operator = SocketIoOperator.create(api.client(), config, new FakeRedisProber(), metrics);
        } else {
            operator = new Operator(o -> o.withKubernetesClient(api.client())
                    .withCloseClientOnStop(false)
                    .withMetrics(metrics)
                    .withUseSSAToPatchPrimaryResource(variant.ssa)
                    .withSSABasedCreateUpdateMatchForDependentResources(variant.ssa));
            operator.register(new PrototypeReconciler(), c -> c.withFieldManager(SocketIoOperator.FIELD_MANAGER));
        }
        operator.start();
        return operator;
    }

    /** Rewrites every dependent as a real API server would have stored it; returns the writes that took. */
    private static int defaultEverything(KubernetesClient client) {
        KubernetesSerialization json = client.getKubernetesSerialization();
        int writes = 0;
        for (Class<? extends HasMetadata> type : List.of(
                ConfigMap.class, Service.class, StatefulSet.class, PodDisruptionBudget.class, NetworkPolicy.class)) {
            for (HasMetadata live :
                    client.resources(type).inNamespace(NAMESPACE).list().getItems()) {
                ObjectNode node = json.convertValue(live, ObjectNode.class);
                HasMetadata defaulted = json.convertValue(ApiServerDefaults.apply(node), type);
                if (!json.asJson(defaulted).equals(json.asJson(live))) {
                    client.resource(defaulted).update();
                    writes++;
                }
            }
        }
        return writes;
    }

    /**
     * For cluster c0: the differences between each desired object and the same object as an API server stores
     * it that java-operator-sdk's generic matcher (a JSON diff that tolerates only "add") counts as a mismatch.
     */
    private static void printMismatches(KubernetesClient client) {
        KubernetesSerialization json = client.getKubernetesSerialization();
        SocketIoCluster cluster = client.resources(SocketIoCluster.class)
                .inNamespace(NAMESPACE)
                .withName("c0")
                .get();
        List<HasMetadata> desired = List.of(
                new PrototypeDependents.Config().desiredFor(cluster),
                new PrototypeDependents.Headless().desiredFor(cluster),
                new PrototypeDependents.Clients().desiredFor(cluster),
                new PrototypeDependents.Nodes().desiredFor(cluster),
                new PrototypeDependents.Budget().desiredFor(cluster),
                new PrototypeDependents.Policy().desiredFor(cluster));
        for (HasMetadata wanted : desired) {
            ObjectNode stored = ApiServerDefaults.apply(json.convertValue(wanted, ObjectNode.class));
            List<String> mismatches = new ArrayList<>();
            for (JsonNode op : JsonDiff.asJson(json.convertValue(wanted, JsonNode.class), stored)) {
                if (!"add".equals(op.get("op").asText())) {
                    mismatches.add(op.toString());
                }
            }
            System.out.printf("  generic matcher, %s defaulted: %s%n", wanted.getKind(), mismatches);
        }
    }

    private static <R extends HasMetadata> void handEdit(
            MockApiServer api, String what, Class<R> type, String name, UnaryOperator<R> edit, Predicate<R> putBack) {
        KubernetesClient client = api.client();
        Phase phase = new Phase(api);
        if (edit == null) {
            client.resources(type).inNamespace(NAMESPACE).withName(name).delete();
        } else {
            client.resources(type).inNamespace(NAMESPACE).withName(name).edit(edit);
        }
        phase.settle(api, null, 0);
        R now = client.resources(type).inNamespace(NAMESPACE).withName(name).get();
        boolean repaired = now != null && putBack.test(now);
        System.out.printf(
                "  hand edit: %-50s put back: %-3s operator writes %s%n",
                what, repaired ? "yes" : "NO", phase.operatorWrites(api, 1));
    }

    private static void refusal(Variant variant, MockApiServer api) {
        KubernetesClient client = api.client();
        String namespace = "cmp-refused";
        PrototypeReconciler.LAST_ERROR.set(null);
        long refusedBefore = api.refused();
        try (MockApiServer.Handle refused = api.refuse(
                variant.ssa ? "PATCH" : "POST",
                variant.ssa ? "/services/r-nodes" : "/services",
                422,
                "Invalid",
                "Service \"r-nodes\" is invalid: denied by the harness")) {
            client.resource(Manifests.cluster("r", namespace, SPEC)).create();
            await().atMost(TIMEOUT).until(() -> api.refused() - refusedBefore >= 3);
            Map<String, Long> kinds = new TreeMap<>();
            for (Class<? extends HasMetadata> type : List.of(
                    ConfigMap.class,
                    Service.class,
                    StatefulSet.class,
                    PodDisruptionBudget.class,
                    NetworkPolicy.class)) {
                kinds.put(type.getSimpleName(), (long) client.resources(type)
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .size());
            }
            System.out.printf("  refused Service write: objects present after 3 refusals %s%n", kinds);
            if (variant == Variant.JOSDK || variant == Variant.JOSDK_SSA) {
                Exception error = PrototypeReconciler.LAST_ERROR.get();
                System.out.printf(
                        "  error handed to updateErrorStatus: %s%n",
                        error == null ? "none" : error.getClass().getSimpleName() + ": " + oneLine(error.getMessage()));
            } else {
                SocketIoClusterStatus status = client.resources(SocketIoCluster.class)
                        .inNamespace(namespace)
                        .withName("r")
                        .get()
                        .getStatus();
                System.out.printf(
                        "  status: %s%n",
                        status == null
                                ? "none"
                                : Conditions.find(status.conditions(), "Reconciled")
                                        .map(c -> c.getReason() + ": " + c.getMessage())
                                        .orElse("no Reconciled condition"));
            }
        }
    }

    private static String oneLine(String text) {
        String line = text == null ? "" : text.replace('\n', ' ');
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** Requests counted from the start of a phase. */
    private static final class Phase {
        private final Map<String, Long> before;

        Phase(MockApiServer api) {
            before = api.requestsByRequest();
        }

        /** Until the operator has reconciled {@code reconciles} times (if given) and written nothing for 1 s. */
        void settle(MockApiServer api, OperatorMetrics metrics, int reconciles) {
            if (metrics != null) {
                await().atMost(TIMEOUT).until(() -> metrics.succeeded() + metrics.failed() >= reconciles);
            }
            AtomicLong last = new AtomicLong(-1);
            await().atMost(TIMEOUT)
                    .pollDelay(Duration.ofMillis(1000))
                    .pollInterval(Duration.ofMillis(1000))
                    .until(() -> api.writes() == last.getAndSet(api.writes()));
        }

        /** "METHOD kind" of what changed since the start, the harness's own requests taken out. */
        Map<String, Long> delta(MockApiServer api) {
            Map<String, Long> delta = new TreeMap<>();
            api.requestsByRequest().forEach((request, count) -> {
                long d = count - before.getOrDefault(request, 0L);
                if (d > 0 && !request.endsWith("(watch)")) {
                    delta.merge(kindOf(request), d, Long::sum);
                }
            });
            return delta;
        }

        String operatorWrites(MockApiServer api, int harnessWrites) {
            Map<String, Long> writes = delta(api).entrySet().stream()
                    .filter(e -> !e.getKey().startsWith("GET"))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
            return writes.toString() + " (harness: " + harnessWrites + ")";
        }

        /** {@code harnessWrites}: writes of dependents the harness made itself in this phase. */
        void print(String name, MockApiServer api, int clusters, int harnessWrites) {
            Map<String, Long> delta = delta(api);
            long dependentWrites = delta.entrySet().stream()
                            .filter(e -> !e.getKey().startsWith("GET")
                                    && DEPENDENT_KINDS.contains(
                                            e.getKey().substring(e.getKey().indexOf(' ') + 1)))
                            .mapToLong(Map.Entry::getValue)
                            .sum()
                    - harnessWrites;
            long reads = delta.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("GET"))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            System.out.printf(
                    "  %-26s operator's writes of dependents %3d (%.1f per cluster), GETs and LISTs %d;"
                            + " all requests: %s (of them the harness's own writes of dependents: %d)%n",
                    name, dependentWrites, dependentWrites / (double) clusters, reads, delta, harnessWrites);
        }

        /** "PUT /api/v1/namespaces/cmp/services/c0" is "PUT services". */
        private static String kindOf(String request) {
            String[] words = request.split(" ");
            String[] segments = words[1].split("/");
            int namespaces = List.of(segments).indexOf("namespaces");
            String kind;
            if (namespaces >= 0 && segments.length > namespaces + 2) {
                kind = segments[namespaces + 2];
                if (segments.length > namespaces + 4) {
                    kind += "/" + segments[namespaces + 4];
                }
            } else {
                kind = segments[segments.length - 1];
            }
            return words[0] + " " + kind;
        }
    }
}
