package org.socketiooperator.node.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.adapter.AdapterHealth;
import org.socketiooperator.adapter.AdapterMetrics;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementServerTest {

    private final AtomicReference<AdapterHealth> health = new AtomicReference<>(AdapterHealth.up("redis ok"));
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicReference<ServerCounters> counters =
            new AtomicReference<>(new ServerCounters(3, 2, 5, 40, 70));
    private final AtomicReference<AdapterMetrics> adapterMetrics =
            new AtomicReference<>(new AdapterMetrics(11, 12, 1, 2, 0));
    private final HttpClient client = HttpClient.newHttpClient();
    private ManagementServer server;

    @BeforeAll
    void start() throws Exception {
        NodeMetrics metrics = new NodeMetrics(counters::get, adapterMetrics::get, health::get);
        server = ManagementServer.start("127.0.0.1", 0, new NodeReadiness(health::get, draining::get), metrics);
    }

    @BeforeEach
    void resetSources() {
        health.set(AdapterHealth.up("redis ok"));
        draining.set(false);
        counters.set(new ServerCounters(3, 2, 5, 40, 70));
        adapterMetrics.set(new AdapterMetrics(11, 12, 1, 2, 0));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void healthzAnswersWhileTheProcessServes() throws Exception {
        health.set(AdapterHealth.down("redis unreachable"));
        draining.set(true);

        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void readyzFollowsTheAdapterAndTheDrain() throws Exception {
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("redis ok");

        health.set(AdapterHealth.down("connection refused"));
        HttpResponse<String> down = get("/readyz");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("adapter not connected").contains("connection refused");

        health.set(AdapterHealth.up("redis ok"));
        draining.set(true);
        HttpResponse<String> drain = get("/readyz");
        assertThat(drain.statusCode()).isEqualTo(503);
        assertThat(drain.body()).contains("draining");
    }

    @Test
    void metricsExposeServerAndClusterFiguresInPrometheusText() throws Exception {
        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(response.body())
                .contains("# TYPE socketio_connections gauge", "socketio_connections 3.0")
                .contains("socketio_namespaces 2.0", "socketio_rooms 5.0")
                .contains("# TYPE socketio_packets_received_total counter", "socketio_packets_received_total 40.0")
                .contains("socketio_packets_sent_total 70.0")
                .contains("socketio_cluster_messages_published_total 11.0")
                .contains("socketio_cluster_messages_received_total 12.0")
                .contains("socketio_cluster_malformed_dropped_total 1.0")
                .contains("socketio_cluster_request_timeouts_total 2.0")
                .contains("socketio_redis_connected 1.0")
                .contains("jvm_memory_used_bytes");

        health.set(AdapterHealth.down("gone"));
        counters.set(new ServerCounters(0, 1, 0, 41, 70));
        assertThat(get("/metrics").body()).contains("socketio_redis_connected 0.0", "socketio_connections 0.0");
    }

    @Test
    void aFailingSourceGivesA500AndTheEndpointKeepsServing() throws Exception {
        counters.set(null);

        assertThat(get("/metrics").statusCode()).isEqualTo(500);
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPathsAndMethodsAreRefused() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri("/readyz"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
