package org.socketiooperator.node.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.adapter.AdapterHealth;
import org.socketiooperator.adapter.AdapterMetrics;
import org.socketiooperator.adapter.recovery.RecoveryMetrics;
import org.socketiooperator.server.api.ServerStats;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementServerTest {

    private final AtomicReference<AdapterHealth> health = new AtomicReference<>(AdapterHealth.up("redis ok"));
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicReference<ServerStats> counters = new AtomicReference<>(stats(3, 2, 5, 40, 70));
    private final AtomicReference<AdapterMetrics> adapterMetrics =
            new AtomicReference<>(new AdapterMetrics(11, 12, 1, 2, 0));
    private final HttpClient client = HttpClient.newHttpClient();
    private ManagementServer server;

    @BeforeAll
    void start() throws Exception {
        NodeMetrics metrics = new NodeMetrics(
                counters::get, adapterMetrics::get, health::get, () -> new RecoveryMetrics(4, 900, 7, 2, 30, 1, 3, 5));
        server = ManagementServer.start("127.0.0.1", 0, new NodeReadiness(health::get, draining::get), metrics);
    }

    @BeforeEach
    void resetSources() {
        health.set(AdapterHealth.up("redis ok"));
        draining.set(false);
        counters.set(stats(3, 2, 5, 40, 70));
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
    void readyzFollowsTheDrainAndOnlyReportsTheAdapter() throws Exception {
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("redis ok");

        // Redis away: still serving (local rooms, new clients), so still ready; the body says why
        health.set(AdapterHealth.down("connection refused"));
        HttpResponse<String> down = get("/readyz");
        assertThat(down.statusCode()).isEqualTo(200);
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
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
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
                .contains("socketio_recovery_sessions_kept 4.0", "socketio_recovery_packets_kept 900.0")
                .contains("socketio_recovery_restored_total 7.0", "socketio_recovery_not_restored_total 2.0")
                .contains(
                        "socketio_recovery_restored_from_memory_total 5.0",
                        "socketio_recovery_own_packets_unordered_total 3.0")
                .contains(
                        "socketio_recovery_packets_evicted_total 30.0", "socketio_recovery_sessions_evicted_total 1.0")
                .contains("jvm_memory_used_bytes");

        health.set(AdapterHealth.down("gone"));
        counters.set(stats(0, 1, 0, 41, 70));
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
        HttpResponse<String> post = client.send(
                HttpRequest.newBuilder(uri("/readyz"))
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void headAnswersWithHeadersOnly() throws Exception {
        for (String path : List.of("/healthz", "/readyz", "/metrics")) {
            HttpResponse<String> head = client.send(
                    HttpRequest.newBuilder(uri(path))
                            .method("HEAD", HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(head.headers().firstValue("Content-Type")).isPresent();
        }
    }

    @Test
    void otherMethodsThanGetAndHeadGet405() throws Exception {
        for (String method : List.of("DELETE", "OPTIONS", "PUT")) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(uri("/healthz"))
                            .method(method, HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method).isEqualTo(405);
        }
    }

    @Test
    void heldHalfRequestsDoNotDelayProbesOrScrapes() throws Exception {
        // A long timeout, so the held connections are certainly still open while the probes run.
        try (ManagementServer patient = startServer(Duration.ofMinutes(1))) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    Socket socket = new Socket("127.0.0.1", patient.port());
                    String half = switch (i % 3) {
                        case 0 -> "GET /heal";
                        case 1 -> "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ";
                        default -> "GET /metrics HTTP/1.1\r\n";
                    };
                    socket.getOutputStream().write(half.getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    held.add(socket);
                }

                HttpClient fresh = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(2))
                        .build();
                for (String path : List.of("/healthz", "/readyz", "/metrics")) {
                    HttpResponse<String> response = fresh.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + patient.port() + path))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).as(path).isEqualTo(200);
                }
                assertThat(held)
                        .allSatisfy(socket -> assertThat(silentAndOpen(socket)).isTrue());
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aStalledTricklingOrIdleConnectionIsClosedAfterTheTimeout() throws Exception {
        // Each socket opens right before its use: the timeout runs from the moment it connects.
        try (ManagementServer impatient = startServer(Duration.ofMillis(300));
                Socket stalled = new Socket("127.0.0.1", impatient.port())) {
            send(stalled, "GET /healthz HTTP/1.1\r\nHost: x\r\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> closedByPeer(stalled));
        }
        try (ManagementServer impatient = startServer(Duration.ofMillis(300));
                Socket trickling = new Socket("127.0.0.1", impatient.port())) {
            // Bytes that keep arriving do not extend the time given to the whole request.
            send(trickling, "GET /healthz HTTP/1.1\r\nX-Slow: ");
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        try {
                            send(trickling, "a");
                        } catch (IOException e) {
                            return true;
                        }
                        return closedByPeer(trickling);
                    });
        }
        try (ManagementServer impatient = startServer(Duration.ofMillis(300));
                Socket idle = new Socket("127.0.0.1", impatient.port())) {
            // An idle keep-alive connection is answered, then closed.
            send(idle, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse answer = RawResponse.read(idle.getInputStream());
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.headers()).containsEntry("connection", "keep-alive");
            await().atMost(Duration.ofSeconds(5)).until(() -> closedByPeer(idle));
        }
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            send(socket, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse first = RawResponse.read(socket.getInputStream());
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("ok\n");

            // Two pipelined requests are answered in order.
            send(socket, "GET /readyz?x=1 HTTP/1.1\r\nHost: x\r\n\r\nHEAD /nope HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse second = RawResponse.read(socket.getInputStream());
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).contains("redis ok");
            RawResponse third = RawResponse.read(socket.getInputStream(), true);
            assertThat(third.status()).isEqualTo(404);
            assertThat(third.body()).isEmpty();

            send(socket, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(RawResponse.read(socket.getInputStream()).headers()).containsEntry("connection", "close");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void requestBodiesAreRefusedAndTheConnectionCloses() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            // The body is announced but never finished: the answer must not wait for it.
            send(socket, "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nab");
            String answer = readToEnd(socket);
            assertThat(answer).startsWith("HTTP/1.1 413").contains("request bodies are not accepted");
        }
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            send(socket, "GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab");
            assertThat(readToEnd(socket)).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void oversizedRequestLinesAndHeadersAreRefusedAndTheConnectionCloses() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            send(socket, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n");
            assertThat(readToEnd(socket)).startsWith("HTTP/1.1 431");
        }
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            send(socket, "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(readToEnd(socket)).startsWith("HTTP/1.1 414");
        }
        // Many headers, each small, count together (700 x ~18 bytes).
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            StringBuilder request = new StringBuilder("GET /healthz HTTP/1.1\r\n");
            for (int i = 0; i < 700; i++) {
                request.append("X-H").append(i).append(": abcdefghij\r\n");
            }
            send(socket, request.append("\r\n").toString());
            assertThat(readToEnd(socket)).startsWith("HTTP/1.1 431");
        }
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    private ManagementServer startServer(Duration requestTimeout) throws IOException {
        NodeMetrics metrics = new NodeMetrics(counters::get, adapterMetrics::get, health::get);
        return ManagementServer.start(
                "127.0.0.1", 0, new NodeReadiness(health::get, draining::get), metrics, requestTimeout);
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** True once the server has closed its side; a read that finds nothing within 50 ms means still open. */
    private static boolean closedByPeer(Socket socket) throws IOException {
        socket.setSoTimeout(50);
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** True when the server neither answered nor closed: the request is still being waited for. */
    private static boolean silentAndOpen(Socket socket) throws IOException {
        socket.setSoTimeout(50);
        try {
            socket.getInputStream().read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }

    private static String readToEnd(Socket socket) throws IOException {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /** A minimal HTTP/1.1 response reader for keep-alive tests (Content-Length bodies only). */
    private record RawResponse(int status, Map<String, String> headers, String body) {

        static RawResponse read(InputStream in) throws IOException {
            return read(in, false);
        }

        static RawResponse read(InputStream in, boolean head) throws IOException {
            String statusLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(
                        header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            int length = head ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new RawResponse(Integer.parseInt(statusLine.split(" ")[1]), headers, body);
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b == -1) {
                    throw new IOException("connection closed mid-response");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** Sockets, namespaces, rooms and packet counts; no session ended, no request refused. */
    private static ServerStats stats(long sockets, int namespaces, long rooms, long packetsIn, long packetsOut) {
        return new ServerStats(sockets, sockets, namespaces, rooms, packetsIn, packetsOut, Map.of(), Map.of(), 0);
    }
}
