package org.socketiooperator.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    @Test
    void servesReconcileCountsInPrometheusFormat() throws Exception {
        OperatorMetrics metrics = new OperatorMetrics();
        metrics.reconciliationSucceeded(null, Map.of());
        metrics.reconciliationFailed(null, null, new IllegalStateException("x"), Map.of());
        metrics.timeControllerExecution(new io.javaoperatorsdk.operator.api.monitoring.Metrics.ControllerExecution<>() {
            @Override
            public String name() {
                return "reconcile";
            }

            @Override
            public String controllerName() {
                return "socketiocluster";
            }

            @Override
            public String successTypeName(Object result) {
                return "ok";
            }

            @Override
            public io.javaoperatorsdk.operator.processing.event.ResourceID resourceID() {
                return new io.javaoperatorsdk.operator.processing.event.ResourceID("c", "ns");
            }

            @Override
            public Map<String, Object> metadata() {
                return Map.of();
            }

            @Override
            public Object execute() {
                return "done";
            }
        });
        try (MetricsServer server =
                MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), metrics)) {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .contains("socketio_operator_reconciliations_total{result=\"success\"} 1.0")
                    .contains("socketio_operator_reconciliations_total{result=\"failure\"} 1.0")
                    .contains("socketio_operator_reconcile_duration_seconds_count{result=\"success\"} 1");
        }
    }

    @Test
    void probesFollowTheOperatorsHealth() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean ready = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        OperatorHealth health = new OperatorHealth() {
            @Override
            public boolean ready() {
                return ready.get();
            }

            @Override
            public java.util.List<String> problems() {
                return java.util.List.copyOf(problems);
            }
        };
        try (MetricsServer server = MetricsServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new OperatorMetrics(), health)) {
            assertThat(get(server, "/readyz").statusCode()).isEqualTo(503);
            assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);

            ready.set(true);
            problems.add("socketiocluster/SocketIoCluster-informer: UNHEALTHY");
            assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
            HttpResponse<String> sick = get(server, "/healthz");
            assertThat(sick.statusCode()).isEqualTo(503);
            assertThat(sick.body()).contains("socketiocluster/SocketIoCluster-informer: UNHEALTHY");
        }
    }

    private static HttpResponse<String> get(MetricsServer server, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
