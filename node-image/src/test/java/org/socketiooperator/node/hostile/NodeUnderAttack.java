package org.socketiooperator.node.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.socketiooperator.node.testing.JsClient;
import org.socketiooperator.node.testing.NodeProcess;

/**
 * One runnable-jar node with the image's flags on a 256 MiB heap, and what every hostile scenario checks
 * after its attack: the process is up, the heap is back near where it started, and a fresh official
 * client connects, joins a room and receives a broadcast.
 */
final class NodeUnderAttack implements AutoCloseable {

    /** Live heap may grow this much over the baseline (caches, JIT, metrics): far below any attack's size. */
    private static final long HEAP_SLACK = 32L * 1024 * 1024;

    private final NodeProcess node;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private long baselineHeap;

    NodeUnderAttack(Map<String, String> env) throws Exception {
        node = NodeProcess.start(env).awaitStarted(Duration.ofSeconds(60));
        // one client first, so that what the first connection loads is in the baseline
        assertServesAFreshClient();
        node.collectGarbage();
        baselineHeap = heapUsed();
    }

    int port() {
        return node.port();
    }

    int managementPort() {
        return node.managementPort();
    }

    String url() {
        return "http://127.0.0.1:" + node.port();
    }

    /** The node survived, its heap came back near the baseline, and it still serves a new client fully. */
    void assertRecovered() throws Exception {
        assertThat(node.isAlive())
                .as("node process alive; output:\n%s", node.history())
                .isTrue();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    node.collectGarbage();
                    assertThat(heapUsed())
                            .as("live heap after GC vs baseline %d", baselineHeap)
                            .isLessThan(baselineHeap + HEAP_SLACK);
                });
        assertServesAFreshClient();
        assertThat(management("/readyz").statusCode()).isEqualTo(200);
    }

    void assertServesAFreshClient() {
        String room = "after-" + UUID.randomUUID();
        try (JsClient client = JsClient.connect(url() + "/", "websocket", Map.of())) {
            client.awaitConnected();
            assertThat(client.emitWithAck("join", List.of(room), 10_000)
                            .path("answer")
                            .toString())
                    .isEqualTo("{\"rooms\":[\"" + room + "\"]}");
            // no acknowledgement asked: waiting for it would pass over the event, which may come first
            client.emit("publish", List.of(Map.of("room", room, "event", "hello", "args", List.of("still here"))));
            assertThat(client.await("event", e -> e.path("event").asText().equals("hello"))
                            .path("args")
                            .toString())
                    .isEqualTo("[\"still here\"]");
        }
    }

    HttpResponse<String> management(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort() + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> client(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url() + pathAndQuery))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A counter's value from /metrics, e.g. {@code socketio_disconnects_total{cause="slow_client"}}. */
    double metric(String nameAndLabels) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(nameAndLabels) + " ([0-9.eE+-]+)$")
                .matcher(management("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** A new polling session; returns its sid. */
    String pollingSession() throws IOException, InterruptedException {
        String open = client("/socket.io/?EIO=4&transport=polling").body();
        Matcher m = Pattern.compile("\"sid\":\"([^\"]+)\"").matcher(open);
        assertThat(m.find()).as(open).isTrue();
        return m.group(1);
    }

    private long heapUsed() throws IOException, InterruptedException {
        double sum = 0;
        for (String line : management("/metrics").body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    String history() {
        return node.history();
    }

    @Override
    public void close() throws Exception {
        node.close();
    }
}
