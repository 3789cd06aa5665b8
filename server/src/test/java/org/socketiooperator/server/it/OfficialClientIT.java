package org.socketiooperator.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.socketiooperator.server.SocketIoServer;
import org.socketiooperator.server.api.BroadcastOperator;
import org.socketiooperator.server.api.ConnectError;
import org.socketiooperator.server.api.Namespace;
import org.socketiooperator.server.api.RemoteSocket;
import org.socketiooperator.server.api.ServerOptions;
import org.socketiooperator.server.api.Socket;

/** The official socket.io-client 4.8 against this server, under each transport setting. */
class OfficialClientIT {

    private static final AtomicInteger NSP = new AtomicInteger();
    private static final byte[] BIN_A = {0, 1, 2, (byte) 255};
    private static final byte[] BIN_B = "héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    static SocketIoServer io;
    static JsClients js;
    static String base;

    @BeforeAll
    static void start() {
        io = SocketIoServer.create(ServerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .pingInterval(Duration.ofMillis(500))
                .pingTimeout(Duration.ofSeconds(3))
                .build());
        base = "http://127.0.0.1:" + io.start().toCompletableFuture().join();
        js = new JsClients();
    }

    @AfterAll
    static void stop() {
        if (js != null) {
            js.close();
        }
        if (io != null) {
            io.close();
        }
    }

    /** A namespace of its own per test, so handlers never mix. */
    private static Namespace freshNamespace() {
        return io.of("/t" + NSP.incrementAndGet());
    }

    private static Map<String, Object> connect(String id, Namespace nsp, TransportMode mode) {
        Map<String, Object> connected = js.connect(id, base + nsp.name(), mode.options());
        if (mode == TransportMode.UPGRADE) {
            assertThat(js.await(id, "upgrade").get("transport")).isEqualTo("websocket");
        }
        return connected;
    }

    private static Socket serverSocket(Namespace nsp, String sid) {
        await().atMost(Duration.ofSeconds(5)).until(() -> nsp.sockets().containsKey(sid));
        return nsp.sockets().get(sid);
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void connectsWithItsOwnIdsAndHandshake(TransportMode mode) {
        Namespace nsp = freshNamespace();
        CompletableFuture<Socket> connected = new CompletableFuture<>();
        nsp.onConnection(connected::complete);
        String id = JsClients.newId();
        Map<String, Object> opts = new java.util.HashMap<>(mode.options());
        opts.put("auth", Map.of("token", "abc"));
        opts.put("query", Map.of("room", "lobby"));
        opts.put("extraHeaders", Map.of("x-test", "yes"));
        Map<String, Object> c = connect(id, nsp, mode);
        js.disconnect(id);
        String id2 = JsClients.newId();
        c = js.connect(id2, base + nsp.name(), opts);
        Socket socket = serverSocket(nsp, (String) c.get("sid"));

        assertThat(socket.id()).hasSize(20).isNotEqualTo(c.get("engineId"));
        assertThat((String) c.get("engineId")).hasSize(20);
        assertThat(socket.handshake().auth()).containsEntry("token", "abc");
        assertThat(socket.handshake().query()).containsEntry("room", "lobby").containsEntry("EIO", "4");
        assertThat(socket.handshake().address()).isEqualTo("127.0.0.1");
        assertThat(socket.handshake().url()).startsWith("/socket.io/?");
        assertThat(socket.handshake().issued()).isPositive();
        assertThat(socket.rooms()).containsExactly(socket.id());
        if (mode == TransportMode.POLLING) {
            // extraHeaders only reach the server over polling in Node
            assertThat(socket.handshake().headers()).containsEntry("x-test", "yes");
        }
        js.disconnect(id2);
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void eventsAndAcksCarryBinaryAnywhere(TransportMode mode) throws Exception {
        Namespace nsp = freshNamespace();
        List<List<Object>> received = new CopyOnWriteArrayList<>();
        nsp.onConnection(socket -> socket.on("echo", (args, ack) -> {
            received.add(args);
            ack.send("got", Map.of("nested", List.of(BIN_B, 7)), BIN_A);
        }));
        String id = JsClients.newId();
        Map<String, Object> c = connect(id, nsp, mode);
        Socket socket = serverSocket(nsp, (String) c.get("sid"));

        // client -> server event with binary in args and nested, acked with binary
        Map<String, Object> ack = js.emitWithAck(
                id, "echo", 1, "two", JsClients.bin(BIN_A), Map.of("deep", List.of(JsClients.bin(BIN_B), true)), 2.5);
        assertThat(received).hasSize(1);
        List<Object> args = received.get(0);
        assertThat(args.get(0)).isEqualTo(1L);
        assertThat(args.get(1)).isEqualTo("two");
        assertThat((byte[]) args.get(2)).isEqualTo(BIN_A);
        @SuppressWarnings("unchecked")
        List<Object> deep = (List<Object>) ((Map<String, Object>) args.get(3)).get("deep");
        assertThat((byte[]) deep.get(0)).isEqualTo(BIN_B);
        assertThat(args.get(4)).isEqualTo(2.5);
        @SuppressWarnings("unchecked")
        List<Object> ackArgs = (List<Object>) ack.get("args");
        assertThat(ackArgs.get(0)).isEqualTo("got");
        @SuppressWarnings("unchecked")
        List<Object> nested = (List<Object>) ((Map<String, Object>) ackArgs.get(1)).get("nested");
        assertThat((byte[]) nested.get(0)).isEqualTo(BIN_B);
        assertThat((byte[]) ackArgs.get(2)).isEqualTo(BIN_A);

        // server -> client event with binary, acked by the client with binary
        js.listen(id, "ask", List.of(JsClients.bin(BIN_B), "answer"));
        List<Object> answer = socket.emitWithAck(Duration.ofSeconds(5), "ask", BIN_A, Map.of("b", BIN_B))
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        Map<String, Object> seen = js.awaitEvent(id, "ask");
        @SuppressWarnings("unchecked")
        List<Object> seenArgs = (List<Object>) seen.get("args");
        assertThat((byte[]) seenArgs.get(0)).isEqualTo(BIN_A);
        assertThat(seen.get("withAck")).isEqualTo(true);
        assertThat((byte[]) answer.get(0)).isEqualTo(BIN_B);
        assertThat(answer.get(1)).isEqualTo("answer");

        // plain emit with a callback
        CompletableFuture<List<Object>> cb = new CompletableFuture<>();
        socket.emit("ask", "again", (Socket.AckCallback) cb::complete);
        assertThat(cb.get(10, TimeUnit.SECONDS).get(1)).isEqualTo("answer");
        js.disconnect(id);
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void emitWithAckTimesOutWhenTheClientNeverAnswers(TransportMode mode) {
        Namespace nsp = freshNamespace();
        String id = JsClients.newId();
        Map<String, Object> c = connect(id, nsp, mode);
        Socket socket = serverSocket(nsp, (String) c.get("sid"));
        CompletableFuture<List<Object>> answer =
                socket.emitWithAck(Duration.ofMillis(300), "nobody-listens").toCompletableFuture();
        assertThat(answer)
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(TimeoutException.class);
        js.disconnect(id);
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void middlewaresRefuseWithConnectErrorAndUnknownNamespacesAreRejected(TransportMode mode) {
        Namespace nsp = freshNamespace();
        nsp.use((socket, next) -> {
            if ("ok".equals(socket.handshake().auth().get("token"))) {
                socket.data(Map.of("user", "alice"));
                next.proceed();
            } else {
                next.refuse(new ConnectError("not authorized", Map.of("code", 42)));
            }
        });
        String refused = JsClients.newId();
        js.connectNoWait(refused, base + nsp.name(), mode.options());
        Map<String, Object> error = js.await(refused, "connect_error");
        assertThat(error.get("message")).isEqualTo("not authorized");
        assertThat(error.get("data")).isEqualTo(Map.of("code", 42));

        Map<String, Object> opts = new java.util.HashMap<>(mode.options());
        opts.put("auth", Map.of("token", "ok"));
        String accepted = JsClients.newId();
        Map<String, Object> c = js.connect(accepted, base + nsp.name(), opts);
        assertThat(serverSocket(nsp, (String) c.get("sid")).data()).isEqualTo(Map.of("user", "alice"));

        String lost = JsClients.newId();
        js.connectNoWait(lost, base + "/no-such-namespace", mode.options());
        assertThat(js.await(lost, "connect_error").get("message")).isEqualTo("Invalid namespace");
        js.disconnect(accepted);
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void dynamicNamespacesAndSocketMiddlewares(TransportMode mode) {
        String prefix = "/dyn" + NSP.incrementAndGet() + "-";
        List<String> joined = new CopyOnWriteArrayList<>();
        io.of(Pattern.compile(Pattern.quote(prefix) + "\\d+")).onConnection(socket -> {
            joined.add(socket.namespace().name());
            socket.use((eventAndArgs, next) -> {
                if ("forbidden".equals(eventAndArgs.get(0))) {
                    next.refuse(new ConnectError("nope"));
                } else {
                    next.proceed();
                }
            });
            socket.on("forbidden", (args, ack) -> ack.send("should not happen"));
            socket.on("allowed", (args, ack) -> ack.send("fine"));
            socket.on("error", (args, ack) -> socket.emit("refused", args.get(0)));
        });
        String id = JsClients.newId();
        js.connect(id, base + prefix + "12", mode.options());
        js.listen(id, "refused", null);
        assertThat(joined).containsExactly(prefix + "12");
        js.emit(id, "forbidden");
        assertThat(js.awaitEvent(id, "refused").get("args")).isEqualTo(List.of("nope"));
        assertThat(js.emitWithAck(id, "allowed").get("args")).isEqualTo(List.of("fine"));

        String other = JsClients.newId();
        js.connectNoWait(other, base + prefix + "x", mode.options());
        assertThat(js.await(other, "connect_error").get("message")).isEqualTo("Invalid namespace");
        js.disconnect(id);
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void roomsAndBroadcasts(TransportMode mode) throws Exception {
        Namespace nsp = freshNamespace();
        nsp.onConnection(socket -> {
            socket.on("join", (args, ack) -> {
                socket.join((String) args.get(0));
                ack.send("joined");
            });
            socket.on("shout", (args, ack) -> socket.to((String) args.get(0)).emit("news", args.get(1)));
        });
        String a = JsClients.newId();
        String b = JsClients.newId();
        String c = JsClients.newId();
        List<String> sids = new ArrayList<>();
        for (String id : List.of(a, b, c)) {
            sids.add((String) connect(id, nsp, mode).get("sid"));
            js.listen(id, "news", null);
        }
        js.emitWithAck(a, "join", "red");
        js.emitWithAck(b, "join", "red");
        js.emitWithAck(c, "join", "blue");

        // socket.to(room) skips the sender
        js.emit(a, "shout", "red", "from-a");
        assertThat(js.awaitEvent(b, "news").get("args")).isEqualTo(List.of("from-a"));

        // io.to(...).except(...), binary included
        nsp.to("red", "blue").except(sids.get(1)).emit("news", "to-a-and-c", BIN_A);
        for (String id : List.of(a, c)) {
            @SuppressWarnings("unchecked")
            List<Object> args = (List<Object>) js.awaitEvent(id, "news").get("args");
            assertThat(args.get(0)).isEqualTo("to-a-and-c");
            assertThat((byte[]) args.get(1)).isEqualTo(BIN_A);
        }
        // a marker through b proves b did not get the except'ed broadcast in between
        nsp.to(sids.get(1)).emit("news", "marker");
        assertThat(js.awaitEvent(b, "news").get("args")).isEqualTo(List.of("marker"));
        assertThat(js.seen(l -> l.contains("\"id\":\"" + b + "\"") && l.contains("to-a-and-c")))
                .isFalse();

        // broadcast with acknowledgements from every client
        for (String id : List.of(a, b, c)) {
            js.listen(id, "poll", List.of("yes-" + id));
        }
        List<Object> answers = nsp.timeout(Duration.ofSeconds(5))
                .emitWithAck("poll", "q")
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(answers).containsExactlyInAnyOrder("yes-" + a, "yes-" + b, "yes-" + c);

        // volatile and compress flags still deliver to connected clients; a volatile packet is dropped while
        // polling has no GET waiting (as in the official server), so volatile is asked on websocket only
        BroadcastOperator light = nsp.to("blue").compress(false);
        (mode == TransportMode.WEBSOCKET ? light.volatileFlag() : light).emit("news", "light");
        assertThat(js.awaitEvent(c, "news").get("args")).isEqualTo(List.of("light"));
        for (String id : List.of(a, b, c)) {
            js.disconnect(id);
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void clusterOperationsThroughTheAdapter(TransportMode mode) throws Exception {
        Namespace nsp = freshNamespace();
        nsp.onConnection(
                socket -> socket.data(Map.of("name", socket.handshake().auth().getOrDefault("name", "?"))));
        String a = JsClients.newId();
        String b = JsClients.newId();
        Map<String, Object> optsA = new java.util.HashMap<>(mode.options());
        optsA.put("auth", Map.of("name", "ann"));
        String sidA = (String) js.connect(a, base + nsp.name(), optsA).get("sid");
        String sidB = (String) connect(b, nsp, mode).get("sid");
        serverSocket(nsp, sidA);
        serverSocket(nsp, sidB);

        nsp.in(sidA).socketsJoin("vip").toCompletableFuture().get(5, TimeUnit.SECONDS);
        List<RemoteSocket> vips =
                nsp.in("vip").fetchSockets().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(vips).extracting(RemoteSocket::id).containsExactly(sidA);
        RemoteSocket ann = vips.get(0);
        assertThat(ann.data()).isEqualTo(Map.of("name", "ann"));
        assertThat(ann.rooms()).containsExactlyInAnyOrder(sidA, "vip");
        assertThat(ann.handshake().auth()).containsEntry("name", "ann");

        js.listen(a, "direct", List.of("pong"));
        ann.emit("direct", "hi");
        assertThat(js.awaitEvent(a, "direct").get("args")).isEqualTo(List.of("hi"));
        assertThat(ann.emitWithAck(Duration.ofSeconds(5), "direct", "ping")
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS))
                .isEqualTo("pong");

        ann.leave("vip").toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(nsp.sockets().get(sidA).rooms()).containsExactly(sidA);
        nsp.socketsLeave("nothing").toCompletableFuture().get(5, TimeUnit.SECONDS);

        List<String> reasons = Collections.synchronizedList(new ArrayList<>());
        nsp.sockets().get(sidB).onDisconnect(reasons::add);
        nsp.in(sidB).disconnectSockets(false).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(js.await(b, "disconnect").get("reason")).isEqualTo("io server disconnect");
        await().atMost(Duration.ofSeconds(5)).until(() -> reasons.contains("server namespace disconnect"));
        assertThat(nsp.fetchSockets().toCompletableFuture().get(5, TimeUnit.SECONDS))
                .extracting(RemoteSocket::id)
                .containsExactly(sidA);

        // serverSideEmit: with the in-memory adapter there is no other node to answer
        assertThat(nsp.serverSideEmitWithAck("hello").toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isEmpty();
        js.disconnect(a);
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void disconnectReasonsOnBothSides(TransportMode mode) {
        Namespace nsp = freshNamespace();
        List<String> reasons = new CopyOnWriteArrayList<>();
        nsp.onConnection(socket -> {
            socket.onDisconnect(reasons::add);
            socket.on("kick", (args, ack) -> socket.disconnect(Boolean.TRUE.equals(args.get(0))));
        });
        String a = JsClients.newId();
        connect(a, nsp, mode);
        js.disconnect(a);
        await().atMost(Duration.ofSeconds(5)).until(() -> reasons.contains("client namespace disconnect"));

        String b = JsClients.newId();
        connect(b, nsp, mode);
        js.emit(b, "kick", false);
        assertThat(js.await(b, "disconnect").get("reason")).isEqualTo("io server disconnect");
        await().atMost(Duration.ofSeconds(5)).until(() -> reasons.contains("server namespace disconnect"));

        reasons.clear();
        String b2 = JsClients.newId();
        connect(b2, nsp, mode);
        js.emit(b2, "kick", true);
        assertThat(js.await(b2, "disconnect").get("reason")).isEqualTo("io server disconnect");
        await().atMost(Duration.ofSeconds(5)).until(() -> reasons.contains("server namespace disconnect"));

        String c = JsClients.newId();
        connect(c, nsp, mode);
        js.send(Map.of("cmd", "close", "id", c));
        assertThat(js.await(c, "disconnect").get("reason")).isEqualTo("forced close");
        await().atMost(Duration.ofSeconds(5)).until(() -> reasons.contains("transport close"));
    }

    @ParameterizedTest
    @EnumSource(
            value = TransportMode.class,
            names = {"WEBSOCKET", "UPGRADE"})
    void compressedBroadcastsReachTheOfficialClientIntact(TransportMode mode) {
        // compression on, server without context takeover: the official client (ws) must accept the answer and
        // inflate every message, the repeated ones too (a no-context stream must not lean on the previous one)
        try (SocketIoServer own = SocketIoServer.create(ServerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .perMessageDeflate(org.socketiooperator.server.api.PerMessageDeflate.on(0))
                .build())) {
            int port = own.start().toCompletableFuture().join();
            String id = JsClients.newId();
            Map<String, Object> c = js.connect(id, "http://127.0.0.1:" + port, mode.options());
            if (mode == TransportMode.UPGRADE) {
                assertThat(js.await(id, "upgrade").get("transport")).isEqualTo("websocket");
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> own.sockets().sockets().containsKey(c.get("sid")));
            js.listen(id, "news", null);
            String big = "{\"k\":\"" + "abc".repeat(700) + "\"}";
            for (String text : List.of(big, big, "small", big + "!")) {
                own.emit("news", text);
                assertThat(js.awaitEvent(id, "news").get("args")).isEqualTo(List.of(text));
            }
            js.disconnect(id);
        }
    }

    @Test
    void twoHundredConnectCyclesLeaveNoSession() {
        try (SocketIoServer own = SocketIoServer.create(
                ServerOptions.builder().host("127.0.0.1").port(0).build())) {
            int port = own.start().toCompletableFuture().join();
            for (TransportMode mode : TransportMode.values()) {
                String id = JsClients.newId();
                js.send(Map.of(
                        "cmd",
                        "cycles",
                        "id",
                        id,
                        "url",
                        "http://127.0.0.1:" + port,
                        "n",
                        mode == TransportMode.WEBSOCKET ? 100 : 50,
                        "opts",
                        mode.options()));
                assertThat(js.await(id, "cycles-done")).containsEntry("n", mode == TransportMode.WEBSOCKET ? 100 : 50);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(own.stats().sessions()).isZero();
                assertThat(own.stats().sockets()).isZero();
            });
            assertThat(own.stats().packetsIn()).isGreaterThanOrEqualTo(400);
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void stoppingTheServerDisconnectsEveryoneWithTheShutdownReason(TransportMode mode) {
        SocketIoServer own = SocketIoServer.create(
                ServerOptions.builder().host("127.0.0.1").port(0).build());
        int port = own.start().toCompletableFuture().join();
        List<String> reasons = new CopyOnWriteArrayList<>();
        own.onConnection(socket -> socket.onDisconnect(reasons::add));
        String id = JsClients.newId();
        js.connect(id, "http://127.0.0.1:" + port, mode.options());
        if (mode == TransportMode.UPGRADE) {
            js.await(id, "upgrade");
        }
        own.stop().toCompletableFuture().join();
        assertThat(reasons).containsExactly("server shutting down");
        assertThat(js.await(id, "disconnect").get("reason")).isEqualTo("transport close");
    }
}
