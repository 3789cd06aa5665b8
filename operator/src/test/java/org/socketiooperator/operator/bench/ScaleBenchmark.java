package org.socketiooperator.operator.bench;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.socketiooperator.operator.SocketIoOperator;
import org.socketiooperator.operator.config.OperatorConfig;
import org.socketiooperator.operator.metrics.OperatorMetrics;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.status.ConditionTypes;
import org.socketiooperator.operator.status.Conditions;
import org.socketiooperator.operator.testing.FakeRedisProber;
import org.socketiooperator.operator.testing.Manifests;
import org.socketiooperator.operator.testing.MockApiServer;

/**
 * Reconciles N SocketIoClusters (default 500) to steady state on the mock API server and prints the time,
 * the heap and the write requests; then starts a fresh operator and prints what a second reconcile of
 * every unchanged cluster wrote (should be nothing). A harness that prints figures, not a test.
 *
 * <p>Run: see operator/README.md ("Scale benchmark").
 */
public final class ScaleBenchmark {
    private static final int NAMESPACES = 10;

    private ScaleBenchmark() {}

    public static void main(String[] args) throws Exception {
        int clusters = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        try (MockApiServer api = new MockApiServer()) {
            run(api, clusters);
        }
        System.exit(0);
    }

    private static void run(MockApiServer api, int clusters) throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        KubernetesClient client = api.client();
        FakeRedisProber prober = new FakeRedisProber();
        OperatorMetrics metrics = new OperatorMetrics();
        Operator operator = SocketIoOperator.create(client, OperatorConfig.forTests(), prober, metrics);
        operator.start();
        long heapBefore = usedHeap(memory);
        try {
            long writesBefore = api.writes();
            long start = System.nanoTime();
            for (int i = 0; i < clusters; i++) {
                client.resource(Manifests.cluster("c" + i, "bench-" + (i % NAMESPACES), Manifests.MINIMAL_SPEC))
                        .create();
            }
            long created = System.nanoTime();
            // The operator writes while the harness is still creating; the harness wrote one request per cluster.
            long writesByHarness = writesBefore + clusters;
            awaitAll(client, clusters, Duration.ofMinutes(10));
            long settled = waitForQuiet(api);
            long steady = System.nanoTime();
            long operatorWrites = api.writes() - writesByHarness;
            long heapAfter = usedHeap(memory);

            System.out.printf("clusters                       %d in %d namespaces%n", clusters, NAMESPACES);
            System.out.printf("create requests (harness)      %.1f s%n", (created - start) / 1e9);
            System.out.printf(
                    "time to steady state           %.1f s (from the first create; quiet for %d ms)%n",
                    (steady - start) / 1e9 - settled / 1e3, settled);
            System.out.printf(
                    "operator writes                %d (%.1f per cluster)%n",
                    operatorWrites, operatorWrites / (double) clusters);
            System.out.printf("reconciliations                %.0f%n", metrics.succeeded());
            System.out.printf(
                    "heap used after GC             %d MiB before, %d MiB at steady state (mock server included)%n",
                    heapBefore >> 20, heapAfter >> 20);
            System.out.printf("Redis checks                   %d (cached per endpoint)%n", prober.probes());
            System.out.printf("writes by kind                 %s%n", byKind(api.writesByRequest()));
        } finally {
            operator.stop();
        }

        long before = api.writes();
        OperatorMetrics second = new OperatorMetrics();
        Operator restarted = SocketIoOperator.create(client, OperatorConfig.forTests(), prober, second);
        long restart = System.nanoTime();
        restarted.start();
        try {
            long deadline = restart + TimeUnit.MINUTES.toNanos(10);
            while (second.succeeded() < clusters && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            long resynced = System.nanoTime();
            System.out.printf(
                    "second reconcile of all        %.1f s, %.0f reconciliations, %d writes%n",
                    (resynced - restart) / 1e9, second.succeeded(), api.writes() - before);
        } finally {
            restarted.stop();
        }
    }

    private static void awaitAll(KubernetesClient client, int clusters, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long statefulSets = client.apps().statefulSets().inAnyNamespace().list().getItems().stream()
                    .map(StatefulSet::getMetadata)
                    .count();
            long accepted = client.resources(SocketIoCluster.class).inAnyNamespace().list().getItems().stream()
                    .filter(c -> c.getStatus() != null
                            && Conditions.isTrue(c.getStatus().conditions(), ConditionTypes.ACCEPTED))
                    .count();
            if (statefulSets >= clusters && accepted >= clusters) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("not all clusters reconciled within " + timeout);
    }

    /** Waits until no write happened for a second; returns that quiet period in ms. */
    private static long waitForQuiet(MockApiServer api) throws InterruptedException {
        long quietMs = 1000;
        long last = api.writes();
        long since = System.nanoTime();
        while ((System.nanoTime() - since) / 1_000_000 < quietMs) {
            TimeUnit.MILLISECONDS.sleep(100);
            long now = api.writes();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            }
        }
        return quietMs;
    }

    private static Map<String, Long> byKind(Map<String, Long> byRequest) {
        Map<String, Long> kinds = new TreeMap<>();
        byRequest.forEach((request, count) -> {
            String[] parts = request.split(" ");
            String[] path = parts[1].split("/");
            // METHOD plus the resource type: the segment after "namespaces/<ns>", or the last one.
            String kind = path.length > 6 && "namespaces".equals(path[path.length - 4])
                    ? path[path.length - 2]
                    : path.length > 5 && "namespaces".equals(path[path.length - 3])
                            ? path[path.length - 1]
                            : path[path.length - 1];
            if (request.endsWith("/status")) {
                kind = path[path.length - 3] + "/status";
            }
            kinds.merge(parts[0] + " " + kind, count, Long::sum);
        });
        return kinds;
    }

    private static long usedHeap(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
