package org.socketiooperator.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.socketiooperator.server.SocketIoServer;
import org.socketiooperator.server.api.CorsOptions;
import org.socketiooperator.server.api.PerMessageDeflate;
import org.socketiooperator.server.api.ServerOptions;
import org.socketiooperator.testsupport.NodePeers;

/**
 * Speaks Engine.IO and Socket.IO by hand (java.net.http): handshake fields, the official error
 * codes, CORS, size limits, and malformed packets that must close only the offending connection.
 */
class RawProtocolIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int MAX = 10_000;

    static SocketIoServer io;
    static String base;
    static List<String> reasons = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        io = SocketIoServer.create(ServerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .maxHttpBufferSize(MAX)
                .perMessageDeflate(PerMessageDeflate.on(PerMessageDeflate.DEFAULT_THRESHOLD))
                .connectTimeout(Duration.ofMillis(3000))
                .cors(new CorsOptions(List.of("http://allowed.example"), true))
                .build());
        io.onConnection(socket -> {
            socket.onDisconnect(reasons::add);
            socket.on("echo", (args, ack) -> ack.send(args.toArray()));
        });
        base = "http://127.0.0.1:" + io.start().toCompletableFuture().join() + "/socket.io/";
    }

    @AfterAll
    static void stop() {
        io.close();
    }

    private static HttpResponse<String> get(String query, String... headers) throws Exception {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base + "?" + query)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return HTTP.send(builder.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String query, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "?" + query))
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a polling session and returns its id. */
    private static String handshake() throws Exception {
        HttpResponse<String> response = get("EIO=4&transport=polling");
        assertThat(response.statusCode()).isEqualTo(200);
        return (String) JSON.readValue(response.body().substring(1), Map.class).get("sid");
    }

    /** A polling session with the main namespace connected; returns the sid. */
    private static String connectedSession() throws Exception {
        String sid = handshake();
        assertThat(post("EIO=4&transport=polling&sid=" + sid, "40").body()).isEqualTo("ok");
        assertThat(get("EIO=4&transport=polling&sid=" + sid).body()).startsWith("40{\"sid\":\"");
        return sid;
    }

    private static void assertStillServing() throws Exception {
        String sid = connectedSession();
        assertThat(post("EIO=4&transport=polling&sid=" + sid, "421[\"echo\",\"alive\"]")
                        .body())
                .isEqualTo("ok");
        assertThat(get("EIO=4&transport=polling&sid=" + sid).body()).isEqualTo("431[\"alive\"]");
    }

    @Test
    void handshakeAnnouncesTheSessionAndItsLimits() throws Exception {
        HttpResponse<String> response = get("EIO=4&transport=polling");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("0");
        Map<?, ?> open = JSON.readValue(response.body().substring(1), Map.class);
        assertThat((String) open.get("sid")).hasSize(20).matches("[A-Za-z0-9_-]+");
        assertThat(open.get("upgrades")).isEqualTo(List.of("websocket"));
        assertThat(open.get("pingInterval")).isEqualTo(25000);
        assertThat(open.get("pingTimeout")).isEqualTo(20000);
        assertThat(open.get("maxPayload")).isEqualTo(MAX);
    }

    @Test
    void badRequestsGetTheOfficialErrorCodes() throws Exception {
        assertError(get("EIO=4&transport=carrier-pigeon"), 400, 0, "Transport unknown");
        assertError(get("EIO=4&transport=polling&sid=nope"), 400, 1, "Session ID unknown");
        assertError(post("EIO=4&transport=polling", "40"), 400, 2, "Bad handshake method");
        assertError(get("EIO=4&transport=websocket"), 400, 3, "Bad request");
        assertError(get("EIO=4&transport=polling", "Origin", "http://evil.example"), 403, 4, "Forbidden");
        assertError(get("EIO=3&transport=polling"), 400, 5, "Unsupported protocol version");
        assertError(get("transport=polling"), 400, 5, "Unsupported protocol version");
    }

    private static void assertError(HttpResponse<String> response, int status, int code, String message)
            throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(JSON.readValue(response.body(), Map.class)).isEqualTo(Map.of("code", code, "message", message));
    }

    @Test
    void corsAllowsOnlyConfiguredOriginsWithCredentials() throws Exception {
        HttpResponse<String> allowed = get("EIO=4&transport=polling", "Origin", "http://allowed.example");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("access-control-allow-origin")).hasValue("http://allowed.example");
        assertThat(allowed.headers().firstValue("access-control-allow-credentials"))
                .hasValue("true");

        HttpResponse<String> preflight = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "?EIO=4&transport=polling"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .headers(
                                "Origin",
                                "http://allowed.example",
                                "Access-Control-Request-Method",
                                "POST",
                                "Access-Control-Request-Headers",
                                "content-type")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight
                        .headers()
                        .firstValue("access-control-allow-methods")
                        .orElse(""))
                .contains("POST");
        assertThat(preflight.headers().firstValue("access-control-allow-headers"))
                .hasValue("content-type");

        String sameOrigin = "http://" + URI.create(base).getAuthority();
        HttpResponse<String> same = get("EIO=4&transport=polling", "Origin", sameOrigin);
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(same.headers().firstValue("access-control-allow-origin")).isEmpty();

        HttpResponse<String> foreign = get("EIO=4&transport=polling", "Origin", "http://evil.example");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void malformedEnginePacketsCloseOnlyThatSession() throws Exception {
        for (String garbage : List.of("9what", "", "b!!!not-base64", "6\u001e\u001e")) {
            String sid = connectedSession();
            assertThat(post("EIO=4&transport=polling&sid=" + sid, garbage).statusCode())
                    .isEqualTo(400);
            assertError(get("EIO=4&transport=polling&sid=" + sid), 400, 1, "Session ID unknown");
            assertStillServing();
        }
    }

    @Test
    void malformedSocketIoPacketsCloseOnlyThatSession() throws Exception {
        List<String> bad = List.of(
                "42[\"echo\"",
                "4Z",
                "42{\"not\":\"an array\"}",
                "42[\"disconnect\"]",
                "451-[\"echo\",{\"_placeholder\":true,\"num\":0}]\u001e42[\"echo\"]",
                "43[1]",
                "40\"string auth\"",
                "42[]",
                "4999999999999999999999[\"echo\"]");
        for (String packet : bad) {
            reasons.clear();
            String sid = connectedSession();
            post("EIO=4&transport=polling&sid=" + sid, packet);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(reasons).containsExactly("parse error"));
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(
                                    get("EIO=4&transport=polling&sid=" + sid).statusCode())
                            .isEqualTo(400));
            assertStillServing();
        }
    }

    @Test
    void malformedPacketsOverWebSocketCloseOnlyThatConnection() throws Exception {
        RawWebSocket ws = RawWebSocket.open(base.replace("http", "ws") + "?EIO=4&transport=websocket");
        assertThat(ws.next()).startsWith("0{\"sid\":");
        ws.send("40");
        assertThat(ws.next()).startsWith("40{\"sid\":\"");
        ws.send("451-[\"echo\",{\"_placeholder\":true,\"num\":7}]");
        ws.socket.sendBinary(ByteBuffer.wrap(new byte[] {1}), true);
        assertThat(ws.closed).succeedsWithin(Duration.ofSeconds(5));
        assertStillServing();
    }

    @Test
    void oversizedBodiesAndFramesAreRefused() throws Exception {
        String sid = connectedSession();
        HttpResponse<String> big =
                post("EIO=4&transport=polling&sid=" + sid, "42[\"echo\",\"" + "x".repeat(MAX) + "\"]");
        assertThat(big.statusCode()).isEqualTo(413);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(
                                get("EIO=4&transport=polling&sid=" + sid).statusCode())
                        .isEqualTo(400));

        RawWebSocket ws = RawWebSocket.open(base.replace("http", "ws") + "?EIO=4&transport=websocket");
        assertThat(ws.next()).startsWith("0{");
        ws.send("4" + "y".repeat(MAX + 1));
        assertThat(ws.closed).succeedsWithin(Duration.ofSeconds(5));
        assertStillServing();
    }

    @Test
    void compressedFramesAreLimitedOnTheirInflatedSize() throws Exception {
        String url = base.replace("http", "ws") + "?EIO=4&transport=websocket";
        // a few hundred bytes on the wire, 20 times the limit once inflated: the connection is dropped
        try (NodePeers.Peer bomb = NodePeers.start(
                NodePeers.peersDir().resolve("client-deflate-bomb.js"), Map.of(), url, String.valueOf(MAX * 20))) {
            assertThat(bomb.awaitContaining("\"open\"", Duration.ofSeconds(10))).contains("permessage-deflate");
            assertThat(bomb.await(l -> l.contains("closed") || l.contains("still-open"), Duration.ofSeconds(10)))
                    .contains("closed");
        }
        // control: the same under the limit is accepted
        try (NodePeers.Peer fine = NodePeers.start(
                NodePeers.peersDir().resolve("client-deflate-bomb.js"), Map.of(), url, String.valueOf(MAX / 2))) {
            assertThat(fine.await(l -> l.contains("closed") || l.contains("still-open"), Duration.ofSeconds(10)))
                    .contains("still-open");
        }
        assertStillServing();
    }

    @Test
    void sessionsThatNeverConnectANamespaceAreClosed() throws Exception {
        String sid = handshake();
        // the held poll is answered with a close packet once the connect timeout (3 s) passes
        assertThat(get("EIO=4&transport=polling&sid=" + sid).body()).endsWith("1");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(
                                get("EIO=4&transport=polling&sid=" + sid).statusCode())
                        .isEqualTo(400));
    }

    @Test
    void clientsThatStopAnsweringPingsTimeOut() throws Exception {
        List<String> timedOut = new CopyOnWriteArrayList<>();
        try (SocketIoServer quick = SocketIoServer.create(ServerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .pingInterval(Duration.ofMillis(300))
                .pingTimeout(Duration.ofMillis(1000))
                .build())) {
            quick.onConnection(socket -> socket.onDisconnect(timedOut::add));
            String url = "ws://127.0.0.1:" + quick.start().toCompletableFuture().join()
                    + "/socket.io/?EIO=4&transport=websocket";
            RawWebSocket answering = RawWebSocket.open(url);
            answering.autoPong = true;
            RawWebSocket silent = RawWebSocket.open(url);
            for (RawWebSocket ws : List.of(answering, silent)) {
                assertThat(ws.nextSkippingPings()).startsWith("0{");
                ws.send("40");
                assertThat(ws.nextSkippingPings()).startsWith("40{");
            }
            assertThat(silent.closed).succeedsWithin(Duration.ofSeconds(10));
            assertThat(timedOut).containsExactly("ping timeout");
            // meanwhile the client that answers every ping stays
            await().atMost(Duration.ofSeconds(10)).until(() -> answering.pongs.get() >= 3);
            assertThat(answering.closed).isNotDone();
            assertThat(quick.stats().sockets()).isEqualTo(1);
        }
    }

    /** A WebSocket that queues text messages and completes {@code closed} when the server hangs up. */
    static final class RawWebSocket implements WebSocket.Listener {
        final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final java.util.concurrent.atomic.AtomicInteger pongs = new java.util.concurrent.atomic.AtomicInteger();
        volatile boolean autoPong;
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        static RawWebSocket open(String url) {
            RawWebSocket listener = new RawWebSocket();
            listener.socket = HTTP.newWebSocketBuilder()
                    .buildAsync(URI.create(url), listener)
                    .join();
            return listener;
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        String nextSkippingPings() throws InterruptedException {
            String message = next();
            while ("2".equals(message)) {
                message = next();
            }
            return message;
        }

        String next() throws InterruptedException {
            String message = messages.poll(5, TimeUnit.SECONDS);
            assertThat(message).as("a message from the server").isNotNull();
            return message;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                if (autoPong && "2".equals(message)) {
                    webSocket.sendText("3", true);
                    pongs.incrementAndGet();
                } else {
                    messages.add(message);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
