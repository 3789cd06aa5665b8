package org.socketiooperator.node.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.AdapterHealth;
import org.socketiooperator.adapter.AdapterMetrics;
import org.socketiooperator.adapter.LocalNamespace;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.adapter.memory.InMemoryAdapter;
import org.socketiooperator.node.Node;
import org.socketiooperator.node.testing.JsClient;
import org.socketiooperator.node.testing.TestNodes;

class DrainIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void drainTurnsReadinessOffThenDisconnectsClientsOverThePeriodThenClosesTheAdapter() throws Exception {
        ClosingAdapter adapter = new ClosingAdapter();
        Node node = Node.start(
                TestNodes.config("SIO_DRAIN_PERIOD_MS", "1000", "SIO_REDIS_URL", "redis://unused:1"),
                Map.of(),
                (cfg, loops) -> adapter,
                getClass().getClassLoader());
        List<JsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                JsClient client =
                        JsClient.connect("http://127.0.0.1:" + node.port() + "/", "websocket", Map.of("NAME", "c" + i));
                client.awaitConnected();
                clients.add(client);
            }
            assertThat(readyz(node).statusCode()).isEqualTo(200);
            int managementPort = node.managementPort();

            CompletableFuture<Void> drained = node.drain().toCompletableFuture();

            // Not ready at once, while the drain is still going on.
            HttpResponse<String> during = readyz(node);
            assertThat(during.statusCode()).isEqualTo(503);
            assertThat(during.body()).contains("draining");
            assertThat(drained).isNotDone();

            List<Long> disconnectedAt = new ArrayList<>();
            for (JsClient client : clients) {
                JsonNode disconnect = client.await("disconnect");
                // The server closes the transport without a DISCONNECT packet, so clients reconnect elsewhere.
                assertThat(disconnect.path("reason").asText()).isEqualTo("transport close");
                disconnectedAt.add(disconnect.path("at").asLong());
            }
            drained.get(10, TimeUnit.SECONDS);
            assertThat(adapter.closed.get()).isTrue();
            // Spread over the period, not all at once (the server disconnects a share per 100 ms tick).
            long spread = disconnectedAt.stream()
                            .mapToLong(Long::longValue)
                            .max()
                            .orElseThrow()
                    - disconnectedAt.stream().mapToLong(Long::longValue).min().orElseThrow();
            assertThat(spread).isGreaterThanOrEqualTo(150);
            await().atMost(Duration.ofSeconds(5)).until(() -> !portAnswers(managementPort));
            // A second trigger (SIGTERM after a manual drain) is harmless.
            assertThat(node.drain().toCompletableFuture()).isCompleted();
        } finally {
            clients.forEach(JsClient::close);
            node.close();
        }
    }

    @Test
    void theDrainSignalDisconnectsEveryClientAtOnceAndKeepsTheManagementPortUntilSigterm(@TempDir Path pod)
            throws Exception {
        ClosingAdapter adapter = new ClosingAdapter();
        Path annotations = pod.resolve("annotations");
        // A period far longer than the test: only the signal can disconnect the clients this soon.
        Node node = Node.start(
                TestNodes.config(
                        "SIO_DRAIN_PERIOD_MS",
                        "60000",
                        "SIO_REDIS_URL",
                        "redis://unused:1",
                        "SIO_DRAIN_SIGNAL_FILE",
                        annotations.toString()),
                Map.of(),
                (cfg, loops) -> adapter,
                getClass().getClassLoader());
        List<JsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                JsClient client =
                        JsClient.connect("http://127.0.0.1:" + node.port() + "/", "websocket", Map.of("NAME", "c" + i));
                client.awaitConnected();
                clients.add(client);
            }
            Files.writeString(annotations, "other.example/key=\"v\"\n");
            // Other annotations are no signal (the watcher has read the file several times by then).
            await().pollDelay(Duration.ofMillis(800))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> readyz(node).statusCode() == 200);
            assertThat(node.isDraining()).isFalse();

            Files.writeString(annotations, "other.example/key=\"v\"\n" + DrainSignal.ANNOTATION + "=\"immediate\"\n");

            List<Long> disconnectedAt = new ArrayList<>();
            for (JsClient client : clients) {
                JsonNode disconnect = client.await("disconnect");
                assertThat(disconnect.path("reason").asText()).isEqualTo("transport close");
                disconnectedAt.add(disconnect.path("at").asLong());
            }
            long spread = disconnectedAt.stream()
                            .mapToLong(Long::longValue)
                            .max()
                            .orElseThrow()
                    - disconnectedAt.stream().mapToLong(Long::longValue).min().orElseThrow();
            assertThat(spread).as("all at once, not over the 60 s period").isLessThan(1000);
            await().atMost(Duration.ofSeconds(5)).until(adapter.closed::get);
            // Still answering: live (no restart by the kubelet), not ready.
            assertThat(portAnswers(node.managementPort())).isTrue();
            HttpResponse<String> readiness = readyz(node);
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("draining");

            int managementPort = node.managementPort();
            node.drain().toCompletableFuture().get(10, TimeUnit.SECONDS); // SIGTERM
            await().atMost(Duration.ofSeconds(5)).until(() -> !portAnswers(managementPort));
        } finally {
            clients.forEach(JsClient::close);
            node.close();
        }
    }

    private HttpResponse<String> readyz(Node node) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort() + "/readyz"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private boolean portAnswers(int port) {
        try {
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                            .timeout(Duration.ofSeconds(1))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** The in-memory adapter, recording that the node closed it. */
    private static final class ClosingAdapter implements Adapter {
        private final InMemoryAdapter delegate = new InMemoryAdapter();
        private final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public NamespaceAdapter attach(LocalNamespace namespace) {
            return delegate.attach(namespace);
        }

        @Override
        public AdapterHealth health() {
            return delegate.health();
        }

        @Override
        public AdapterMetrics metrics() {
            return delegate.metrics();
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }
}
