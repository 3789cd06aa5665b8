package org.socketiooperator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketiooperator.node.testing.JsClient;
import org.socketiooperator.node.testing.NodeProcess;
import org.socketiooperator.testsupport.SharedRedis;

/** The README's main command, {@code java -jar socketio-node.jar}, run as a real process. */
class NodeJarIT {

    private static final Duration START = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void runsWithoutRedisServesAClientAndDrainsOnSigterm() throws Exception {
        try (NodeProcess node =
                        NodeProcess.start(Map.of("SIO_DRAIN_PERIOD_MS", "500")).awaitStarted(START);
                JsClient client = JsClient.connect("http://127.0.0.1:" + node.port() + "/", "websocket", Map.of())) {
            client.awaitConnected();
            assertThat(client.emitWithAck("join", List.of("lobby"), 10_000)
                            .path("answer")
                            .toString())
                    .isEqualTo("{\"rooms\":[\"lobby\"]}");
            HttpResponse<String> ready = get(node.managementPort(), "/readyz");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("in-memory");
            assertThat(get(node.managementPort(), "/metrics").body()).contains("socketio_connections 1.0");
            assertThat(get(node.port(), "/").body()).contains("Demo chat");

            node.terminate();

            assertThat(client.await("disconnect").path("reason").asText()).isEqualTo("transport close");
            node.awaitExit(Duration.ofSeconds(20));
            assertThat(node.history()).contains("draining", "drained: node stopped");
        }
    }

    @Test
    void aDrainSignalEmptiesTheNodeWhichThenWaitsForSigterm(@TempDir Path pod) throws Exception {
        Path annotations = pod.resolve("annotations");
        try (NodeProcess node = NodeProcess.start(
                                Map.of("SIO_DRAIN_PERIOD_MS", "60000", "SIO_DRAIN_SIGNAL_FILE", annotations.toString()))
                        .awaitStarted(START);
                JsClient client = JsClient.connect("http://127.0.0.1:" + node.port() + "/", "websocket", Map.of())) {
            client.awaitConnected();

            Files.writeString(annotations, "socketiooperator.org/drain=\"immediate\"\n");

            assertThat(client.await("disconnect").path("reason").asText()).isEqualTo("transport close");
            node.awaitLine("clients gone", Duration.ofSeconds(10));
            // The process stays (a container that exits would be restarted) and answers its probes.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(node::isAlive);
            assertThat(get(node.managementPort(), "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(node.managementPort(), "/readyz").statusCode()).isEqualTo(503);

            node.terminate();
            node.awaitExit(Duration.ofSeconds(20));
            assertThat(node.history()).contains("draining (drain signal)", "drained: node stopped");
        }
    }

    @Test
    void twoNodesOnRedisFormOneCluster() throws Exception {
        Map<String, String> env = clusterEnv(Map.of());
        try (NodeProcess a = NodeProcess.start(env);
                NodeProcess b = NodeProcess.start(env)) {
            a.awaitStarted(START);
            b.awaitStarted(START);
            publishFromOneNodeReachesTheOther(a, b);
        }
    }

    /**
     * The same on io_uring loops, Redis connections included: the broadcast from A reaches B's client through
     * B's Redis subscription, read by one of B's io_uring loops.
     */
    @Test
    void twoNodesOnIoUringServeOfficialClientsOverBothTransports() throws Exception {
        Map<String, String> env = clusterEnv(Map.of("SIO_IO_TRANSPORT", "io_uring", "SIO_LOG_LEVEL", "INFO"));
        try (NodeProcess a = NodeProcess.start(env);
                NodeProcess b = NodeProcess.start(env)) {
            a.awaitStarted(START);
            b.awaitStarted(START);
            for (NodeProcess node : List.of(a, b)) {
                assertThat(node.history())
                        .contains("ioTransport=io_uring", "event loops on io_uring")
                        .contains("Redis connections run on the lent event loops (IoUringSocketChannel)")
                        .doesNotContain("keep event loops of their own");
            }
            publishFromOneNodeReachesTheOther(a, b);
        }
    }

    /** A key of its own: the shared Redis serves other tests too. */
    private static Map<String, String> clusterEnv(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of(
                "SIO_REDIS_URL",
                SharedRedis.uri(),
                "SIO_ADAPTER_KEY",
                "node-jar-it-" + UUID.randomUUID(),
                "SIO_GATEWAY_CLIENT_PUBLISH",
                "true",
                "SIO_DRAIN_PERIOD_MS",
                "0"));
        env.putAll(extra);
        return env;
    }

    /** A WebSocket client on {@code a} publishes to a room a polling client on {@code b} joined. */
    private void publishFromOneNodeReachesTheOther(NodeProcess a, NodeProcess b) throws Exception {
        try (JsClient onA = JsClient.connect("http://127.0.0.1:" + a.port() + "/", "websocket", Map.of());
                JsClient onB = JsClient.connect("http://127.0.0.1:" + b.port() + "/", "polling", Map.of())) {
            onA.awaitConnected();
            onB.awaitConnected();
            onB.emitWithAck("join", List.of("lobby"), 10_000);
            assertThat(get(a.managementPort(), "/readyz").statusCode()).isEqualTo(200);

            assertThat(onA.emitWithAck(
                                    "publish",
                                    List.of(Map.of("room", "lobby", "event", "chat", "args", List.of("across nodes"))),
                                    10_000)
                            .path("answer")
                            .toString())
                    .isEqualTo("{\"ok\":true}");

            assertThat(onB.await("event").path("args").toString()).isEqualTo("[\"across nodes\"]");
            assertThat(get(a.managementPort(), "/metrics").body())
                    .containsPattern("socketio_cluster_messages_published_total [1-9]")
                    .contains("socketio_redis_connected 1.0");
        }
    }

    @Test
    void aBadVariableStopsTheProcessWithOneLineAndNoStackTrace() throws Exception {
        try (NodeProcess node =
                NodeProcess.start(Map.of("SIO_ADAPTER_MODE", "fast", "SIO_REDIS_URL", SharedRedis.uri()))) {
            assertThat(node.awaitExit(START)).isEqualTo(2);
            assertThat(node.history().strip())
                    .isEqualTo(
                            "invalid configuration: SIO_ADAPTER_MODE: expected one of [classic, sharded, streams], got 'fast'");
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
