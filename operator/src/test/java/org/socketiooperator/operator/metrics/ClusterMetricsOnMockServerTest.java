package org.socketiooperator.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.testing.Manifests;
import org.socketiooperator.operator.testing.OperatorOnMockApi;
import org.socketiooperator.operator.testing.StatefulSetController;

/** Per-cluster gauges follow the status the operator computes and leave with the cluster. */
class ClusterMetricsOnMockServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final OperatorOnMockApi OPERATOR = new OperatorOnMockApi();

    private final KubernetesClient client = OPERATOR.client();
    private final String namespace = OperatorOnMockApi.freshNamespace();

    @Test
    void gaugesFollowTheStatusAndGoWithTheCluster() {
        client.resource(Manifests.cluster("gauged", namespace, "replicas: 2\n" + Manifests.MINIMAL_SPEC))
                .create();
        await().atMost(TIMEOUT)
                .until(
                        () -> client.apps()
                                .statefulSets()
                                .inNamespace(namespace)
                                .withName("gauged")
                                .get(),
                        (StatefulSet s) -> s != null);
        // One status sets the four gauges one after the other (and a deletion removes them so): a scrape may
        // fall in between, so the test waits for all of them together.
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(gauge("socketio_operator_cluster_desired_nodes")).contains(2.0);
            assertThat(gauge("socketio_operator_cluster_ready")).contains(0.0);
            assertThat(gauge("socketio_operator_cluster_redis_reachable")).contains(1.0);
        });

        new StatefulSetController(client, namespace).finishRollout("gauged");
        await().atMost(TIMEOUT).until(() -> gauge("socketio_operator_cluster_ready"), v -> v.equals(Optional.of(1.0)));
        assertThat(gauge("socketio_operator_cluster_ready_nodes")).contains(2.0);
        assertThat(successDurations()).isPositive();

        client.resources(SocketIoCluster.class)
                .inNamespace(namespace)
                .withName("gauged")
                .delete();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(gauge("socketio_operator_cluster_desired_nodes")).isEmpty();
            assertThat(gauge("socketio_operator_cluster_ready_nodes")).isEmpty();
            assertThat(gauge("socketio_operator_cluster_ready")).isEmpty();
            assertThat(gauge("socketio_operator_cluster_redis_reachable")).isEmpty();
        });
    }

    private Optional<Double> gauge(String name) {
        return OPERATOR.metrics().registry().scrape().stream()
                .filter(m -> m.getMetadata().getPrometheusName().equals(name))
                .map(GaugeSnapshot.class::cast)
                .flatMap(g -> g.getDataPoints().stream())
                .filter(this::ofThisCluster)
                .map(GaugeSnapshot.GaugeDataPointSnapshot::getValue)
                .findFirst();
    }

    private long successDurations() {
        return OPERATOR.metrics().registry().scrape().stream()
                .filter(m -> m.getMetadata().getPrometheusName().equals("socketio_operator_reconcile_duration_seconds"))
                .map(HistogramSnapshot.class::cast)
                .flatMap(h -> h.getDataPoints().stream())
                .filter(p -> "success".equals(p.getLabels().get("result")))
                .mapToLong(HistogramSnapshot.HistogramDataPointSnapshot::getCount)
                .sum();
    }

    private boolean ofThisCluster(DataPointSnapshot point) {
        return namespace.equals(point.getLabels().get("namespace"))
                && "gauged".equals(point.getLabels().get("name"));
    }
}
