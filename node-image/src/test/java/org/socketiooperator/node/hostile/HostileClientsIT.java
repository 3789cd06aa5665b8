package org.socketiooperator.node.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.node.testing.JsClient;
import org.socketiooperator.testsupport.RawWebSocket;

/**
 * Anonymous clients that tried to take a node down before its limits existed, each against the runnable
 * jar on a 256 MiB heap that exits on OutOfMemoryError. After each attack the node must be up, its heap
 * back near its baseline, and a fresh official client must connect, join and receive a broadcast.
 * The HTTP timeouts are shortened (2 s) so that the test does not wait a minute for each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileClientsIT {

    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxNestingDepth(5_000)
                    .build())
            .build());
    private static final int MAX_PAYLOAD = 1_000_000;

    private NodeUnderAttack node;

    @BeforeAll
    void start() throws Exception {
        node = new NodeUnderAttack(settings("2000"));
    }

    /** The class node's settings, with the given body timeout. */
    private static Map<String, String> settings(String bodyTimeoutMs) {
        return Map.of(
                "SIO_GATEWAY_CLIENT_PUBLISH",
                "true",
                "SIO_DRAIN_PERIOD_MS",
                "0",
                "SIO_HTTP_HEADERS_TIMEOUT_MS",
                "2000",
                "SIO_HTTP_BODY_TIMEOUT_MS",
                bodyTimeoutMs);
    }

    @AfterAll
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aClientPingClosesTheSessionOverWebSocketAndPolling() throws Exception {
        double before = node.metric("socketio_disconnects_total{cause=\"client_ping\"}");
        try (RawWebSocket ws = connected()) {
            byte[] ping = {'2'};
            floodUntilCut(ws, n -> ping, 1, 1000); // the first ping closes; writes after it may fail
            await().atMost(Duration.ofSeconds(10)).until(ws::closedByServer);
        }
        String sid = node.pollingSession();
        assertThat(rawRequest("POST /socket.io/?EIO=4&transport=polling&sid=" + sid, "2"))
                .startsWith("HTTP/1.1 400");
        assertThat(node.client("/socket.io/?EIO=4&transport=polling&sid=" + sid).statusCode())
                .isEqualTo(400);
        assertThat(node.metric("socketio_disconnects_total{cause=\"client_ping\"}"))
                .isEqualTo(before + 2);
        node.assertRecovered();
    }

    @Test
    void binaryPacketsAreBoundedInAttachmentsAndInBytes() throws Exception {
        try (RawWebSocket ws = connected()) {
            ws.sendText("451000-[\"x\"]");
            await().atMost(Duration.ofSeconds(10)).until(ws::closedByServer);
        }
        try (RawWebSocket ws = connected()) {
            ws.sendText("453-[\"x\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1},"
                    + "{\"_placeholder\":true,\"num\":2}]");
            byte[] part = new byte[MAX_PAYLOAD * 6 / 10];
            try {
                for (int i = 0; i < 3; i++) {
                    ws.sendFrame(2, part);
                }
            } catch (IOException closedUnderUs) {
                // the node may close before the last part is written
            }
            await().atMost(Duration.ofSeconds(10)).until(ws::closedByServer);
        }
        assertThat(node.metric("socketio_disconnects_total{cause=\"too_many_attachments\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(node.metric("socketio_disconnects_total{cause=\"packet_too_large\"}"))
                .isGreaterThanOrEqualTo(1);
        node.assertRecovered();
    }

    @Test
    void aClientThatFloodsAcknowledgedJoinsAndNeverReadsIsDisconnected() throws Exception {
        double before = node.metric("socketio_disconnects_total{cause=\"slow_client\"}");
        try (RawWebSocket ws = RawWebSocket.open(node.port(), "/socket.io/?EIO=4&transport=websocket", 4096)) {
            ws.sendText("40");
            boolean cut = floodUntilCut(
                    ws,
                    n -> ("42" + n + "[\"join\",\"flood\"]").getBytes(StandardCharsets.UTF_8),
                    1,
                    200L * 1024 * 1024);
            assertThat(cut || ws.closedByServer())
                    .as("connection closed by the node")
                    .isTrue();
        }
        assertThat(node.metric("socketio_disconnects_total{cause=\"slow_client\"}"))
                .isGreaterThan(before);
        node.assertRecovered();
    }

    @Test
    void webSocketPingFramesFromAClientThatNeverReadsAreNotAnsweredWithoutLimit() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(node.port(), "/socket.io/?EIO=4&transport=websocket", 4096)) {
            ws.sendText("40");
            byte[] payload = new byte[125];
            floodUntilCut(ws, n -> payload, 9, 40L * 1024 * 1024);
            // still connected or not, the node holds no pile of pongs: checked while the attacker is still there
            node.assertRecovered();
        }
    }

    @Test
    void aMemberOfABusyRoomThatStopsReadingIsDisconnectedAndTheOthersKeepReceiving() throws Exception {
        double before = node.metric("socketio_disconnects_total{cause=\"slow_client\"}");
        String big = "z".repeat(100_000);
        try (RawWebSocket slow = RawWebSocket.open(node.port(), "/socket.io/?EIO=4&transport=websocket", 4096);
                JsClient reader = JsClient.connect(node.url() + "/", "websocket", Map.of());
                RawWebSocket publisher = connected()) {
            slow.sendText("40");
            slow.sendText("42[\"join\",\"busy\"]");
            reader.awaitConnected();
            reader.emitWithAck("join", List.of("busy"), 10_000);
            String publish = "42[\"publish\",{\"room\":\"busy\",\"event\":\"big\",\"args\":[\"" + big + "\"]}]";
            for (int i = 0;
                    i < 400 && node.metric("socketio_disconnects_total{cause=\"slow_client\"}") == before;
                    i++) {
                for (int k = 0; k < 10; k++) {
                    publisher.sendText(publish);
                }
            }
            assertThat(node.metric("socketio_disconnects_total{cause=\"slow_client\"}"))
                    .isGreaterThan(before);
            assertThat(slow.closedByServer()).isTrue();
            publisher.sendText("42[\"publish\",{\"room\":\"busy\",\"event\":\"last\",\"args\":[\"done\"]}]");
            assertThat(reader.await("event", e -> e.path("event").asText().equals("last"))
                            .path("args")
                            .toString())
                    .isEqualTo("[\"done\"]");
        }
        node.assertRecovered();
    }

    @Test
    void requestBodiesAreReadOnlyForLiveSessionsWithinOneBudgetAndInTime() throws Exception {
        // no session: refused before any body byte is held, with the official answer
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket s = startUpload(node.port(), "/socket.io/?EIO=4&transport=polling", 900_000, 64 * 1024);
                held.add(s);
            }
            for (Socket s : held) {
                assertThat(readStatusLine(s)).startsWith("HTTP/1.1 400");
            }
            Socket notFound = startUpload(node.port(), "/upload", 900_000, 1024);
            held.add(notFound);
            assertThat(readStatusLine(notFound)).startsWith("HTTP/1.1 404");
        } finally {
            closeAll(held);
        }

        // A live session: bodies are read, but together they stay within the budget. On a node whose body
        // timeout cannot expire during the attack, so that the budget, not the clock, is what refuses: with the
        // class node's 2 s, a slow machine released bodies by timeout as fast as they came and never filled it.
        try (NodeUnderAttack patient = new NodeUnderAttack(settings("120000"))) {
            String sid = patient.pollingSession();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Socket> uploads = new ArrayList<>();
            try {
                List<Future<Socket>> started = new ArrayList<>();
                for (int i = 0; i < 120; i++) {
                    started.add(pool.submit(() -> startUpload(
                            patient.port(), "/socket.io/?EIO=4&transport=polling&sid=" + sid, 900_000, 800_000)));
                }
                for (Future<Socket> f : started) {
                    uploads.add(f.get(60, TimeUnit.SECONDS));
                }
                // 120 x 800 KB do not fit in the 64 MiB budget: some are refused once the node has read that far
                // (the client's writes end in socket buffers before the node reads them), the rest are held
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> patient.metric("socketio_http_requests_refused_total{reason=\"body_buffer_full\"}")
                                > 0);
                assertThat(patient.metric("socketio_http_request_body_bytes")).isBetween(1.0, 64.0 * 1024 * 1024);
                // while bodies are held, the node serves new clients and stays ready
                patient.assertServesAFreshClient();
                assertThat(patient.management("/readyz").statusCode()).isEqualTo(200);
            } finally {
                pool.shutdownNow();
                closeAll(uploads);
            }
            // the clients gave up: every held byte is released
            await().atMost(Duration.ofSeconds(10)).until(() -> patient.metric("socketio_http_request_body_bytes") == 0);
            patient.assertRecovered();
        }

        // A body that does not arrive in time gets 408, however slowly the machine runs the client.
        String sid = node.pollingSession();
        double timedOutBefore = node.metric("socketio_http_requests_refused_total{reason=\"body_timeout\"}");
        try (Socket stalled =
                startUpload(node.port(), "/socket.io/?EIO=4&transport=polling&sid=" + sid, 900_000, 800_000)) {
            assertThat(readStatusLine(stalled)).startsWith("HTTP/1.1 408");
        }
        assertThat(node.metric("socketio_http_requests_refused_total{reason=\"body_timeout\"}"))
                .isGreaterThan(timedOutBefore);
        await().atMost(Duration.ofSeconds(10)).until(() -> node.metric("socketio_http_request_body_bytes") == 0);
        node.assertRecovered();
    }

    @Test
    void slowHeadersGet408AndLongButReasonableHeadersAreAccepted() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 400; i++) {
                Socket s = open(node.port());
                s.getOutputStream()
                        .write(("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            node.assertServesAFreshClient();
            for (Socket s : slow) {
                assertThat(readStatusLine(s)).startsWith("HTTP/1.1 408");
            }
        } finally {
            closeAll(slow);
        }
        // a long token in the query, as some auth schemes send, fits in 16 KB
        String token = "t".repeat(12_000);
        assertThat(node.client("/socket.io/?EIO=4&transport=polling&token=" + token)
                        .body())
                .startsWith("0{");
        assertThat(rawRequest("GET /socket.io/?EIO=4&transport=polling&token=" + "t".repeat(17_000), ""))
                .startsWith("HTTP/1.1 414");
        node.assertRecovered();
    }

    @Test
    void stalledRequestsOnTheManagementPortDoNotBlockTheProbes() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Socket s = open(node.managementPort());
                s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                stalled.add(s);
            }
            for (String probe : List.of("/healthz", "/readyz", "/metrics")) {
                HttpResponse<String> response = node.management(probe);
                assertThat(response.statusCode()).as(probe).isEqualTo(200);
            }
        } finally {
            closeAll(stalled);
        }
        node.assertRecovered();
    }

    @Test
    void oneSocketJoinsAtMostTheConfiguredNumberOfRooms() throws Exception {
        try (JsClient client = JsClient.connect(node.url() + "/", "websocket", Map.of())) {
            client.awaitConnected();
            for (int batch = 0; batch < 2; batch++) {
                List<String> rooms = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    rooms.add("room-" + batch + "-" + i);
                }
                assertThat(client.emitWithAck("join", List.of(rooms), 10_000)
                                .path("answer")
                                .path("rooms")
                                .size())
                        .isEqualTo(50 * (batch + 1));
            }
            assertThat(client.emitWithAck("join", List.of("one-too-many"), 10_000)
                            .path("answer")
                            .path("error")
                            .asText())
                    .contains("100");
        }
        node.assertRecovered();
    }

    @Test
    void jsonIsReadAsJsonParseReadsItAndTooDeepClosesOnlyThatClient() throws Exception {
        try (RawWebSocket ws = connected()) {
            ws.sendText("42[\"join\",\"json\"]");
            String deep = "[".repeat(1000) + "1" + "]".repeat(1000);
            ws.sendText("42[\"publish\",{\"room\":\"json\",\"event\":\"deep\",\"args\":[" + deep + "]}]");
            JsonNode event = nextEvent(ws, "deep");
            int depth = 0;
            for (JsonNode n = event.get(1); n.isArray(); n = n.get(0)) {
                depth++;
            }
            assertThat(depth).isEqualTo(1000);

            ws.sendText("42[\"publish\",{\"room\":\"json\",\"event\":\"numbers\",\"args\":"
                    + "[123456789012345678901234567890,1e400,-0.5,9007199254740993]}]");
            JsonNode numbers = nextEvent(ws, "numbers");
            assertThat(numbers.get(1).asDouble()).isEqualTo(1.2345678901234568e29);
            assertThat(numbers.get(2).isNull())
                    .as("Infinity is written as null, as JSON.stringify does")
                    .isTrue();
            assertThat(numbers.get(3).asDouble()).isEqualTo(-0.5);
            assertThat(numbers.get(4).asDouble()).isEqualTo(9007199254740992d);
        }
        try (RawWebSocket bystander = connected();
                RawWebSocket ws = connected()) {
            String tooDeep = "[".repeat(50_000) + "]".repeat(50_000);
            ws.sendText("42[\"x\"," + tooDeep + "]");
            await().atMost(Duration.ofSeconds(10)).until(ws::closedByServer);
            bystander.sendText("42[\"join\",\"still\"]");
            assertThat(bystander.closedByServer()).isFalse();
        }
        node.assertRecovered();
    }

    // ---- tools of the attacker ----

    private RawWebSocket connected() throws Exception {
        RawWebSocket ws = RawWebSocket.open(node.port());
        assertThat(ws.nextText().text()).startsWith("0{");
        ws.sendText("40");
        assertThat(ws.nextText().text()).startsWith("40{");
        return ws;
    }

    private static JsonNode nextEvent(RawWebSocket ws, String name) throws Exception {
        while (true) {
            String text = ws.nextText().text();
            if (text.startsWith("42[\"" + name + "\"")) {
                return JSON.readTree(text.substring(2));
            }
        }
    }

    /** Frames built by {@code frame(n)}, sent in batches without reading; true when the node cut the connection. */
    private static boolean floodUntilCut(
            RawWebSocket ws, java.util.function.IntFunction<byte[]> frame, int opcode, long maxBytes) {
        long sent = 0;
        int n = 0;
        try {
            while (sent < maxBytes) {
                byte[] payload = frame.apply(n++);
                ws.sendFrame(opcode, payload);
                sent += payload.length + 6;
            }
            return false;
        } catch (IOException cut) {
            return true;
        }
    }

    private static Socket open(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(20_000);
        return s;
    }

    /** Headers announcing {@code announced} bytes, then only {@code sent} of them. */
    private static Socket startUpload(int port, String target, int announced, int sent) throws IOException {
        Socket s = open(port);
        OutputStream out = s.getOutputStream();
        out.write(("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: "
                        + announced + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[16 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        try {
            for (int left = sent; left > 0; left -= chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, left));
            }
            out.flush();
        } catch (IOException refusedWhileSending) {
            // the node answered and closed before the whole body was sent: the answer is what the test reads
        }
        return s;
    }

    private String rawRequest(String requestLine, String body) throws IOException {
        try (Socket s = open(node.port())) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            s.getOutputStream()
                    .write((requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                                    + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().write(bytes);
            return readStatusLine(s);
        }
    }

    /** The first line of the response, or "closed" when the node closed without one. */
    private static String readStatusLine(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder line = new StringBuilder();
        try {
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
        } catch (java.net.SocketException reset) {
            // a reset after the answer was read is fine; before it, the line stays empty
        }
        return line.length() == 0 ? "closed" : line.toString().strip();
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}
