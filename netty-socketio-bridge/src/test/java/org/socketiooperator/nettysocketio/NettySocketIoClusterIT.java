package org.socketiooperator.nettysocketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.corundumstudio.socketio.SocketIOClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.emitter.Emitter;
import org.socketiooperator.emitter.EmitterOptions;
import org.socketiooperator.nettysocketio.example.ChatApp;
import org.socketiooperator.protocol.model.SocketDetails;
import org.socketiooperator.server.api.RemoteSocket;
import org.socketiooperator.testsupport.JsonLinePeer;
import org.socketiooperator.testsupport.SharedRedis;

/**
 * The netty-socketio example application beside this project's Java node and an official Node.js server
 * (with the official emitter) on one Redis of the test's own, plus the project's Java emitter: every
 * cluster operation, both ways, in the namespaces {@code /} and {@code /chat}. All clients are the
 * official socket.io-client 4.8 in the Node.js process. Clients of netty-socketio use websocket or
 * polling, not the polling-to-websocket upgrade (netty-socketio 2.0.14 stalls some upgrades; README).
 * Each test uses its own event and room names, so nothing leaks between them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NettySocketIoClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Clients that stay for the whole class: on Node.js ("n-"), the Java node ("j-"), netty-socketio ("x-"). */
    private static final List<String> MAIN = List.of("n-ws", "j-ws", "x-ws", "x-poll");

    private static final List<String> CHAT = List.of("n-chat", "j-chat", "x-chat");

    private JavaNode java;
    private ChatApp netty;
    private JsonLinePeer peer;
    private Emitter javaEmitter;
    private String nodeUrl;
    private final Map<String, String> sids = new HashMap<>();
    private final AtomicInteger fences = new AtomicInteger();

    @BeforeAll
    void startCluster() {
        String key = "netty-bridge-" + Long.toHexString(System.nanoTime());
        java = new JavaNode(SharedRedis.uri(), key);
        netty = new ChatApp(SharedRedis.uri(), key, "127.0.0.1", Ports.free());
        peer = JsonLinePeer.start(
                "netty-bridge-peer.js", Map.of(), WAIT, l -> l.has("ready") || l.has("fatal"), SharedRedis.uri(), key);
        JsonNode ready = peer.await(l -> l.has("ready") || l.has("fatal"));
        assertThat(ready.has("fatal")).as(ready.toString()).isFalse();
        javaEmitter = Emitter.create(
                EmitterOptions.builder().redisUri(SharedRedis.uri()).key(key).build());
        nodeUrl = "http://127.0.0.1:" + ready.get("port").asInt();

        // every node must hear every namespace before anything is sent
        for (String nsp : List.of("/", "/chat")) {
            await().atMost(WAIT)
                    .until(() -> peer.call("count", Map.of("nsp", nsp), "done")
                                    .path("count")
                                    .asInt()
                            == 3);
            await().atMost(WAIT)
                    .until(() -> netty.cluster()
                                    .of(nsp)
                                    .serverCount()
                                    .toCompletableFuture()
                                    .get(5, TimeUnit.SECONDS)
                            == 3);
        }
        connect("n-ws", nodeUrl, "websocket");
        connect("j-ws", java.url(), "websocket");
        connect("x-ws", netty.url(), "websocket");
        connect("x-poll", netty.url(), "polling");
        connect("n-chat", nodeUrl + "/chat", "websocket");
        connect("j-chat", java.url() + "/chat", "websocket");
        connect("x-chat", netty.url() + "/chat", "websocket");
    }

    @AfterAll
    void stopCluster() {
        if (peer != null) {
            peer.close();
        }
        if (javaEmitter != null) {
            javaEmitter.close();
        }
        if (netty != null) {
            netty.close();
        }
        if (java != null) {
            java.close();
        }
    }

    // ---- helpers ----

    private void connect(String name, String url, String transport) {
        JsonNode answer = call("connect", Map.of("name", name, "url", url, "transports", List.of(transport)));
        sids.put(name, answer.get("sid").asText());
    }

    private JsonNode call(String cmd, Map<String, ?> fields) {
        JsonNode answer = peer.call(cmd, fields, "done");
        assertThat(answer.hasNonNull("error")).as(cmd + ": " + answer).isFalse();
        return answer;
    }

    private static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private JsonNode awaitEvent(String client, String event) {
        return peer.await(l -> client.equals(l.path("client").asText())
                && event.equals(l.path("event").asText()));
    }

    private List<JsonNode> events(String client, String event) {
        return peer.matching(l -> client.equals(l.path("client").asText())
                && event.equals(l.path("event").asText()));
    }

    private String awaitDisconnected(String client) {
        return peer.await(l -> client.equals(l.path("client").asText()) && l.has("disconnected"))
                .get("disconnected")
                .asText();
    }

    private void join(String client, String... rooms) {
        for (String room : rooms) {
            assertThat(call("emit", fields("name", client, "event", "join", "args", List.of(room)))
                            .path("answer")
                            .toString())
                    .contains("\"" + room + "\"");
        }
    }

    private static String args(JsonNode event) {
        return event.get("args").toString();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    /** Where a broadcast came from: a later broadcast from the same place arrives after it everywhere. */
    private enum Origin {
        NETTY,
        NODE,
        JAVA,
        NODE_EMITTER,
        JAVA_EMITTER
    }

    /** Sends a fence event from {@code origin} to every socket of {@code nsp} and waits until {@code clients} have it. */
    private void fence(Origin origin, String nsp, List<String> clients) {
        String event = "fence-" + fences.incrementAndGet();
        switch (origin) {
            case NETTY ->
                netty.server()
                        .getNamespace("/".equals(nsp) ? "" : nsp)
                        .getBroadcastOperations()
                        .sendEvent(event);
            case NODE -> call("broadcast", fields("nsp", nsp, "event", event));
            case JAVA -> java.server.of(nsp).emit(event);
            case NODE_EMITTER -> call("emitterEmit", fields("nsp", nsp, "event", event));
            case JAVA_EMITTER ->
                javaEmitter.of(nsp).emit(event).toCompletableFuture().join();
            default -> throw new IllegalArgumentException(origin.toString());
        }
        clients.forEach(c -> awaitEvent(c, event));
    }

    private void assertNothing(Origin origin, String nsp, List<String> clients, String event) {
        fence(origin, nsp, clients);
        for (String client : clients) {
            assertThat(events(client, event))
                    .as(client + " must not get " + event)
                    .isEmpty();
        }
    }

    private void assertExactlyOnce(Origin origin, String nsp, List<String> clients, String event) {
        fence(origin, nsp, clients);
        for (String client : clients) {
            assertThat(events(client, event))
                    .as(client + " gets " + event + " once")
                    .hasSize(1);
        }
    }

    private SocketIOClient nettyClient(String name, String nsp) {
        return netty.server().getNamespace("/".equals(nsp) ? "" : nsp).getClient(UUID.fromString(sids.get(name)));
    }

    private List<String> nodeFetch(String nsp, String room) {
        List<String> ids = new ArrayList<>();
        call("fetch", fields("nsp", nsp, "rooms", List.of(room)))
                .get("sockets")
                .forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    // ---- netty-socketio → cluster, through netty-socketio's own API ----

    @Test
    void nettySocketIoBroadcastsReachEveryNodeInEveryNamespaceExactlyOnce() {
        // SocketIOServer.getBroadcastOperations(): every namespace; a POJO argument goes as the app's JSON
        netty.server().getBroadcastOperations().sendEvent("all-from-netty", "x", new Point(1, 2));
        for (String client : MAIN) {
            assertThat(args(awaitEvent(client, "all-from-netty"))).isEqualTo("[\"x\",{\"x\":1,\"y\":2}]");
        }
        for (String client : CHAT) {
            assertThat(args(awaitEvent(client, "all-from-netty"))).isEqualTo("[\"x\",{\"x\":1,\"y\":2}]");
        }
        assertExactlyOnce(Origin.NETTY, "/", MAIN, "all-from-netty");
        assertExactlyOnce(Origin.NETTY, "/chat", CHAT, "all-from-netty");
    }

    @Test
    void nettySocketIoNamespaceAndRoomBroadcastsReachOnlyTheirTargets() {
        join("n-ws", "blue");
        join("j-ws", "blue");
        join("x-poll", "blue");
        join("n-chat", "blue");
        netty.server().getNamespace("").getRoomOperations("blue").sendEvent("blue-from-netty", 1);
        netty.server().getNamespace("/chat").getBroadcastOperations().sendEvent("chat-from-netty", 2);
        for (String client : List.of("n-ws", "j-ws", "x-poll")) {
            assertThat(args(awaitEvent(client, "blue-from-netty"))).isEqualTo("[1]");
        }
        for (String client : CHAT) {
            assertThat(args(awaitEvent(client, "chat-from-netty"))).isEqualTo("[2]");
        }
        assertNothing(Origin.NETTY, "/", List.of("x-ws"), "blue-from-netty");
        assertNothing(Origin.NETTY, "/chat", List.of("n-chat"), "blue-from-netty"); // same room name, other namespace
        assertNothing(Origin.NETTY, "/", MAIN, "chat-from-netty");
    }

    @Test
    void aNettySocketIoClientsRelayReachesTheRoomOnOtherNodesButNotTheSender() {
        join("x-ws", "green");
        join("n-ws", "green");
        join("j-ws", "green");
        assertThat(call(
                                "emit",
                                fields(
                                        "name",
                                        "x-ws",
                                        "event",
                                        "relay",
                                        "args",
                                        List.of(Map.of(
                                                "room", "green", "event", "green-from-x", "args", List.of("hi")))))
                        .path("answer")
                        .asText())
                .isEqualTo("relayed");
        assertThat(args(awaitEvent("n-ws", "green-from-x"))).isEqualTo("[\"hi\"]");
        assertThat(args(awaitEvent("j-ws", "green-from-x"))).isEqualTo("[\"hi\"]");
        assertNothing(Origin.NETTY, "/", List.of("x-ws", "x-poll"), "green-from-x");
    }

    @Test
    void binaryFromNettySocketIoReachesOtherNodesClients() {
        // through netty-socketio's own room operations, to a room without netty-socketio members: its local
        // delivery of binary is broken (one shared packet, B4), the copy the bridge publishes is not
        join("n-ws", "bin-room");
        join("j-ws", "bin-room");
        netty.server()
                .getNamespace("")
                .getRoomOperations("bin-room")
                .sendEvent("bin-from-netty", "b", Map.of("blob", new byte[] {1, 2, 3}));
        for (String client : List.of("n-ws", "j-ws")) {
            assertThat(args(awaitEvent(client, "bin-from-netty"))).isEqualTo("[\"b\",{\"blob\":{\"binary\":[1,2,3]}}]");
        }
        // through the bridge: one packet per local client, fixed WebSocket frames, no binary to polling clients
        netty.cluster().sockets().emit("bin-from-bridge", new byte[] {4, 5});
        for (String client : List.of("n-ws", "j-ws", "x-ws")) {
            assertThat(args(awaitEvent(client, "bin-from-bridge"))).isEqualTo("[{\"binary\":[4,5]}]");
        }
        assertNothing(Origin.NETTY, "/", List.of("x-poll"), "bin-from-bridge");
    }

    // ---- cluster → netty-socketio clients ----

    @Test
    void broadcastsFromEveryOtherOriginReachNettySocketIoClientsWithRoomsAndExcept() {
        join("x-ws", "amber", "ruby");
        join("x-poll", "amber");
        join("n-ws", "amber");
        join("j-ws", "amber", "ruby");
        Map<String, Object> target = fields("rooms", List.of("amber"), "except", List.of("ruby"));
        Map<String, Object> fromNode = new LinkedHashMap<>(target);
        fromNode.putAll(fields("event", "amber-from-node", "args", List.of("n")));
        call("broadcast", fromNode);
        java.server.to("amber").except("ruby").emit("amber-from-java", "j");
        Map<String, Object> fromEmitter = new LinkedHashMap<>(target);
        fromEmitter.putAll(fields("event", "amber-from-node-emitter", "args", List.of("ne")));
        call("emitterEmit", fromEmitter);
        javaEmitter
                .to("amber")
                .except("ruby")
                .emit("amber-from-java-emitter", "je")
                .toCompletableFuture()
                .join();

        Map<String, Origin> origins = Map.of(
                "amber-from-node",
                Origin.NODE,
                "amber-from-java",
                Origin.JAVA,
                "amber-from-node-emitter",
                Origin.NODE_EMITTER,
                "amber-from-java-emitter",
                Origin.JAVA_EMITTER);
        for (String event : origins.keySet()) {
            awaitEvent("x-poll", event);
            awaitEvent("n-ws", event);
            assertNothing(origins.get(event), "/", List.of("x-ws", "j-ws"), event);
        }
        assertThat(args(awaitEvent("x-poll", "amber-from-java-emitter"))).isEqualTo("[\"je\"]");
    }

    @Test
    void binaryFromOtherNodesReachesNettyWebSocketClientsIntactButNotPollingOnes() {
        Map<String, Object> binary = Map.of("binary", List.of(7, 8));
        call(
                "broadcast",
                fields(
                        "rooms",
                        List.of(sids.get("x-ws"), sids.get("x-poll")),
                        "event",
                        "bin-from-node",
                        "args",
                        List.of("n", binary)));
        java.server.to(sids.get("x-ws"), sids.get("x-poll")).emit("bin-from-java", new byte[] {9});
        assertThat(args(awaitEvent("x-ws", "bin-from-node"))).isEqualTo("[\"n\",{\"binary\":[7,8]}]");
        assertThat(args(awaitEvent("x-ws", "bin-from-java"))).isEqualTo("[{\"binary\":[9]}]");
        assertNothing(Origin.NODE, "/", List.of("x-poll"), "bin-from-node");
        assertNothing(Origin.JAVA, "/", List.of("x-poll"), "bin-from-java");
        // the polling client is still connected and served
        assertThat(call("emit", fields("name", "x-poll", "event", "echo", "args", List.of("still-here")))
                        .path("answer")
                        .asText())
                .isEqualTo("still-here");
    }

    @Test
    void namespacedBroadcastsFromOtherNodesReachOnlyThatNamespaceOfNettySocketIo() {
        call("broadcast", fields("nsp", "/chat", "event", "chat-from-node", "args", List.of(Map.of("k", "v"))));
        java.server.of("/chat").emit("chat-from-java", List.of(1, 2));
        call("emitterEmit", fields("nsp", "/chat", "event", "chat-from-node-emitter"));
        javaEmitter
                .of("/chat")
                .emit("chat-from-java-emitter")
                .toCompletableFuture()
                .join();
        assertThat(args(awaitEvent("x-chat", "chat-from-node"))).isEqualTo("[{\"k\":\"v\"}]");
        assertThat(args(awaitEvent("x-chat", "chat-from-java"))).isEqualTo("[[1,2]]");
        awaitEvent("x-chat", "chat-from-node-emitter");
        awaitEvent("x-chat", "chat-from-java-emitter");
        assertNothing(Origin.NODE, "/", List.of("x-ws", "x-poll"), "chat-from-node");
        assertNothing(Origin.JAVA, "/", List.of("x-ws", "x-poll"), "chat-from-java");
    }

    @Test
    void aNettySocketIdIsARoomForEveryOtherNode() {
        String xws = sids.get("x-ws");
        call("broadcast", fields("rooms", List.of(xws), "event", "to-x-ws-from-node"));
        java.server.to(xws).emit("to-x-ws-from-java");
        javaEmitter
                .to(xws)
                .emit("to-x-ws-from-java-emitter")
                .toCompletableFuture()
                .join();
        awaitEvent("x-ws", "to-x-ws-from-node");
        awaitEvent("x-ws", "to-x-ws-from-java");
        awaitEvent("x-ws", "to-x-ws-from-java-emitter");
        assertNothing(Origin.JAVA, "/", List.of("x-poll", "n-ws", "j-ws"), "to-x-ws-from-java");
        // and except(socket id) leaves it out
        java.server.except(xws).emit("all-but-x-ws");
        awaitEvent("x-poll", "all-but-x-ws");
        assertNothing(Origin.JAVA, "/", List.of("x-ws"), "all-but-x-ws");
    }

    // ---- cluster requests answered for netty-socketio's sockets ----

    @Test
    void nodeFetchSocketsSeesNettySocketsWithRoomsDataAndHandshake() {
        join("x-ws", "fetch-me");
        JsonNode sockets = call("fetch", fields()).get("sockets");
        Map<String, JsonNode> byId = new HashMap<>();
        sockets.forEach(s -> byId.put(s.get("id").asText(), s));
        for (String client : List.of("x-ws", "x-poll")) {
            JsonNode socket = byId.get(sids.get(client));
            assertThat(socket).as(client + " in " + sockets).isNotNull();
            assertThat(socket.path("data").path("node").asText()).isEqualTo("netty");
            assertThat(socket.path("data").path("name").asText()).isEqualTo(client);
            assertThat(texts(socket.get("rooms"))).contains(sids.get(client)).doesNotContain("");
            JsonNode handshake = socket.get("handshake");
            assertThat(handshake.path("auth").path("name").asText()).isEqualTo(client);
            assertThat(handshake.path("query").path("EIO").asText()).isEqualTo("4");
            assertThat(handshake.path("headers").path("host").asText())
                    .isEqualTo(netty.url().substring(7));
            assertThat(handshake.path("address").asText()).isEqualTo("127.0.0.1");
            assertThat(handshake.path("url").asText()).startsWith("/socket.io/");
            assertThat(handshake.path("issued").asLong()).isPositive();
            assertThat(handshake.path("time").asText()).contains("GMT");
        }
        assertThat(texts(byId.get(sids.get("x-ws")).get("rooms"))).contains("fetch-me");
        assertThat(byId).containsKeys(sids.get("n-ws"), sids.get("j-ws"));
        // netty-socketio put the /chat-only client in "/" too (B5); the cluster does not see that socket
        assertThat(nettyClient("x-chat", "/")).isNotNull();
        assertThat(byId).doesNotContainKey(sids.get("x-chat"));
        assertThat(nodeFetch("/", "fetch-me")).containsExactly(sids.get("x-ws"));
        assertThat(nodeFetch("/chat", sids.get("x-chat"))).containsExactly(sids.get("x-chat"));
    }

    @Test
    void javaFetchSocketsSeesNettySocketsAndActsOnThem() throws Exception {
        List<RemoteSocket> all =
                java.server.fetchSockets().toCompletableFuture().get(10, TimeUnit.SECONDS);
        RemoteSocket x = all.stream()
                .filter(s -> s.id().equals(sids.get("x-poll")))
                .findFirst()
                .orElseThrow();
        assertThat(x.data()).isEqualTo(Map.of("node", "netty", "name", "x-poll"));
        assertThat(x.rooms()).contains(sids.get("x-poll"));
        assertThat(x.handshake().auth()).containsEntry("name", "x-poll");
        assertThat(x.handshake().query()).containsEntry("transport", "polling");

        x.emit("remote-from-java", "hi");
        assertThat(args(awaitEvent("x-poll", "remote-from-java"))).isEqualTo("[\"hi\"]");
        x.join("joined-by-java").toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT)
                .until(() -> nettyClient("x-poll", "/").getAllRooms().contains("joined-by-java"));
        x.leave("joined-by-java").toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT)
                .until(() -> !nettyClient("x-poll", "/").getAllRooms().contains("joined-by-java"));
    }

    @Test
    void nodeRemoteSocketActionsReachNettySockets() {
        String sid = sids.get("x-ws");
        call("remoteEmit", fields("sid", sid, "event", "remote-from-node", "args", List.of("ho")));
        assertThat(args(awaitEvent("x-ws", "remote-from-node"))).isEqualTo("[\"ho\"]");
        call("remoteJoin", fields("sid", sid, "room", "joined-by-node"));
        await().atMost(WAIT).until(() -> nettyClient("x-ws", "/").getAllRooms().contains("joined-by-node"));
        assertThat(nodeFetch("/", "joined-by-node")).containsExactly(sid);
        call("remoteLeave", fields("sid", sid, "room", "joined-by-node"));
        await().atMost(WAIT).until(() -> !nettyClient("x-ws", "/").getAllRooms().contains("joined-by-node"));
    }

    @Test
    void socketsJoinAndLeaveFromEveryOtherOriginMoveNettySockets() {
        join("x-ws", "sj-src");
        join("x-poll", "sj-src");
        join("n-ws", "sj-src");
        call("socketsJoin", fields("rooms", List.of("sj-src"), "room", "sj-node"));
        java.server.to("sj-src").socketsJoin("sj-java");
        call("emitterSocketsJoin", fields("rooms", List.of("sj-src"), "room", "sj-node-emitter"));
        javaEmitter
                .to("sj-src")
                .socketsJoin("sj-java-emitter")
                .toCompletableFuture()
                .join();
        for (String room : List.of("sj-node", "sj-java", "sj-node-emitter", "sj-java-emitter")) {
            await().atMost(WAIT)
                    .until(() -> nettyClient("x-ws", "/").getAllRooms().contains(room)
                            && nettyClient("x-poll", "/").getAllRooms().contains(room));
        }
        assertThat(nodeFetch("/", "sj-java"))
                .containsExactlyInAnyOrder(sids.get("x-ws"), sids.get("x-poll"), sids.get("n-ws"));
        // a broadcast to the new room reaches netty-socketio's members through netty-socketio's own tables
        netty.server().getNamespace("").getRoomOperations("sj-node").sendEvent("to-sj-node");
        awaitEvent("x-ws", "to-sj-node");
        awaitEvent("n-ws", "to-sj-node");

        call("socketsLeave", fields("rooms", List.of("sj-node"), "room", "sj-node"));
        java.server.to("sj-java").socketsLeave("sj-java");
        call("emitterSocketsLeave", fields("rooms", List.of("sj-node-emitter"), "room", "sj-node-emitter"));
        javaEmitter
                .to("sj-java-emitter")
                .socketsLeave("sj-java-emitter")
                .toCompletableFuture()
                .join();
        for (String room : List.of("sj-node", "sj-java", "sj-node-emitter", "sj-java-emitter")) {
            await().atMost(WAIT)
                    .until(() -> !nettyClient("x-ws", "/").getAllRooms().contains(room)
                            && !nettyClient("x-poll", "/").getAllRooms().contains(room));
        }
        assertThat(nettyClient("x-ws", "/").getAllRooms()).contains("sj-src");
    }

    @Test
    void disconnectSocketsFromEveryOtherOriginDisconnectNettySockets() {
        String url = netty.url();
        List<String> victims = List.of(
                "x-doomed-node", "x-doomed-java", "x-doomed-node-emitter", "x-doomed-java-emitter", "x-doomed-remote");
        for (String victim : victims) {
            connect(victim, url, "websocket");
            join(victim, victim);
        }
        connect("x-doomed-soft", url, "polling");
        join("x-doomed-soft", "x-doomed-soft");

        call("disconnect", fields("rooms", List.of("x-doomed-node"), "close", true));
        java.server.to("x-doomed-java").disconnectSockets(true);
        call("emitterDisconnect", fields("rooms", List.of("x-doomed-node-emitter"), "close", true));
        javaEmitter
                .to("x-doomed-java-emitter")
                .disconnectSockets(true)
                .toCompletableFuture()
                .join();
        call("remoteDisconnect", fields("sid", sids.get("x-doomed-remote"), "close", true));
        for (String victim : victims) {
            assertThat(awaitDisconnected(victim)).as(victim).isEqualTo("io server disconnect");
            await().atMost(WAIT).until(() -> nettyClient(victim, "/") == null);
        }
        // without close: the socket leaves the namespace (netty-socketio's clean-up done by the bridge)
        call("disconnect", fields("rooms", List.of("x-doomed-soft"), "close", false));
        assertThat(awaitDisconnected("x-doomed-soft")).isEqualTo("io server disconnect");
        await().atMost(WAIT).until(() -> nettyClient("x-doomed-soft", "/") == null);
        assertThat(nodeFetch("/", "x-doomed-soft")).isEmpty();
        assertThat(peer.matching(l -> l.has("disconnected")
                        && (MAIN.contains(l.path("client").asText())
                                || CHAT.contains(l.path("client").asText()))))
                .isEmpty();
    }

    @Test
    void broadcastWithAckFromOtherNodesCollectsNettyClientsAnswers() throws Exception {
        List<String> expected = MAIN.stream().map(c -> "ack-" + c).toList();
        JsonNode fromNode = call("ask", fields("timeout", 5000, "event", "ask-node"));
        assertThat(fromNode.get("failure").isNull()).as(fromNode.toString()).isTrue();
        assertThat(texts(fromNode.get("responses"))).containsExactlyInAnyOrderElementsOf(expected);

        List<Object> fromJava = java.server
                .timeout(Duration.ofSeconds(5))
                .emitWithAck("ask-java", "j")
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(fromJava).containsExactlyInAnyOrderElementsOf(expected);

        JsonNode chat = call("ask", fields("nsp", "/chat", "timeout", 5000, "event", "ask-chat"));
        assertThat(texts(chat.get("responses"))).containsExactlyInAnyOrder("ack-n-chat", "ack-j-chat", "ack-x-chat");
    }

    @Test
    void serverSideEmitFromOtherNodesAndEmittersReachesNettySocketIo() {
        call("sse", fields("args", List.of("plain-from-node")));
        java.server.serverSideEmit("hello", "plain-from-java");
        call("emitterSse", fields("args", List.of("plain-from-node-emitter")));
        javaEmitter
                .serverSideEmit("hello", "plain-from-java-emitter")
                .toCompletableFuture()
                .join();
        call("sse", fields("nsp", "/chat", "args", List.of("chat-from-node")));
        for (String expected : List.of(
                "/ [plain-from-node]",
                "/ [plain-from-java]",
                "/ [plain-from-node-emitter]",
                "/ [plain-from-java-emitter]",
                "/chat [chat-from-node]")) {
            await().atMost(WAIT).until(() -> netty.serverSideEvents.contains(expected));
        }
        assertThat(texts(call("sseAck", fields("args", List.of("node-asks"))).get("responses")))
                .containsExactlyInAnyOrder("answer-from-netty", "answer-from-java");
        assertThat(texts(call("sseAck", fields("nsp", "/chat", "args", List.of("node-asks-chat")))
                        .get("responses")))
                .containsExactlyInAnyOrder("answer-from-netty/chat", "answer-from-java/chat");
        assertThat(netty.serverSideEvents).contains("/ [node-asks]", "/chat [node-asks-chat]");
    }

    @Test
    void everyNodeCountsTheNettySocketIoServerAndSeesItsRooms() throws Exception {
        join("x-poll", "only-on-netty");
        assertThat(call("count", fields()).get("count").asInt()).isEqualTo(3);
        assertThat(call("count", fields("nsp", "/chat")).get("count").asInt()).isEqualTo(3);
        assertThat(java.server.serverCount().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isEqualTo(3);
        assertThat(texts(call("allRooms", fields()).get("rooms")))
                .contains("only-on-netty", sids.get("x-poll"), sids.get("x-ws"), sids.get("n-ws"))
                .doesNotContain("");
    }

    // ---- netty-socketio → cluster, through the bridge's API (what netty-socketio has none for) ----

    @Test
    void theBridgesOperatorReachesEveryNodeWithExceptRoomsAndAcks() throws Exception {
        join("n-ws", "op", "op-not");
        join("j-ws", "op");
        join("x-ws", "op");
        join("x-poll", "op", "op-not");
        ClusterNamespace io = netty.cluster().sockets();
        io.to("op").except("op-not").emit("op-from-netty", Map.of("a", List.of(1, "b")));
        for (String client : List.of("j-ws", "x-ws")) {
            assertThat(args(awaitEvent(client, "op-from-netty"))).isEqualTo("[{\"a\":[1,\"b\"]}]");
        }
        assertNothing(Origin.NETTY, "/", List.of("n-ws", "x-poll"), "op-from-netty");

        List<Object> acks = io.timeout(Duration.ofSeconds(5))
                .emitWithAck("ask-netty", 1)
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(acks)
                .containsExactlyInAnyOrderElementsOf(
                        MAIN.stream().map(c -> "ack-" + c).toList());
        List<Object> chatAcks = netty.cluster()
                .of("/chat")
                .timeout(Duration.ofSeconds(5))
                .emitWithAck("ask-netty")
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(chatAcks).containsExactlyInAnyOrder("ack-n-chat", "ack-j-chat", "ack-x-chat");

        // socket.broadcast of Socket.IO: everyone but this client
        io.except(nettyClient("x-ws", "/")).emit("all-but-x-ws-from-netty");
        awaitEvent("n-ws", "all-but-x-ws-from-netty");
        awaitEvent("x-poll", "all-but-x-ws-from-netty");
        assertNothing(Origin.NETTY, "/", List.of("x-ws"), "all-but-x-ws-from-netty");
    }

    @Test
    void theBridgesRequestsSeeAndMoveSocketsOfEveryNode() throws Exception {
        ClusterNamespace io = netty.cluster().sockets();
        List<SocketDetails> all = io.fetchSockets().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Map<String, SocketDetails> byId = new HashMap<>();
        all.forEach(s -> byId.put(s.id(), s));
        for (String client : MAIN) {
            assertThat(byId).as(client).containsKey(sids.get(client));
            assertThat(((Map<?, ?>) byId.get(sids.get(client)).data()).get("name"))
                    .isEqualTo(client);
        }
        assertThat(byId.get(sids.get("n-ws")).id()).hasSize(20);
        assertThat(byId.get(sids.get("x-ws")).id()).hasSize(36);
        assertThat(((Map<?, ?>) byId.get(sids.get("j-ws")).handshake().get("auth")).get("name"))
                .isEqualTo("j-ws");

        io.to(sids.get("n-ws"), sids.get("j-ws"), sids.get("x-ws"))
                .socketsJoin("by-netty")
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> nodeFetch("/", "by-netty").size() == 3);
        assertThat(io.to("by-netty").fetchSockets().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .extracting(SocketDetails::id)
                .containsExactlyInAnyOrder(sids.get("n-ws"), sids.get("j-ws"), sids.get("x-ws"));
        io.to("by-netty").socketsLeave("by-netty").toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> nodeFetch("/", "by-netty").isEmpty());
        assertThat(nettyClient("x-ws", "/").getAllRooms()).doesNotContain("by-netty");

        Set<String> rooms = io.allRooms().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(rooms).contains(sids.get("n-ws"), sids.get("j-ws"), sids.get("x-ws"));
        assertThat(io.serverCount().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isEqualTo(3);
    }

    @Test
    void theBridgeDisconnectsSocketsOfEveryNode() {
        connect("n-doomed", nodeUrl, "websocket");
        connect("j-doomed", java.url(), "websocket");
        connect("x-doomed", netty.url(), "websocket");
        for (String victim : List.of("n-doomed", "j-doomed", "x-doomed")) {
            join(victim, "doomed-by-netty");
        }
        netty.cluster().sockets().to("doomed-by-netty").disconnectSockets(true);
        for (String victim : List.of("n-doomed", "j-doomed", "x-doomed")) {
            assertThat(awaitDisconnected(victim)).as(victim).isEqualTo("io server disconnect");
        }
        assertThat(peer.matching(l ->
                        l.has("disconnected") && MAIN.contains(l.path("client").asText())))
                .isEmpty();
    }

    @Test
    void theBridgesServerSideEmitReachesEveryOtherNode() throws Exception {
        ClusterNamespace io = netty.cluster().sockets();
        io.serverSideEmit("hello", "plain-from-netty");
        peer.await(l -> "[\"plain-from-netty\"]".equals(l.path("serverSideEmit").toString()));
        await().atMost(WAIT).until(() -> java.serverSideEvents.contains("/ [plain-from-netty]"));
        assertThat(io.serverSideEmitWithAck("hello", "netty-asks")
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS))
                .containsExactlyInAnyOrder("answer-from-node", "answer-from-java");
        assertThat(netty.cluster()
                        .of("/chat")
                        .serverSideEmitWithAck("hello", "netty-asks-chat")
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS))
                .containsExactlyInAnyOrder("answer-from-node/chat", "answer-from-java/chat");
        // a node never hears its own serverSideEmit
        assertThat(netty.serverSideEvents).noneMatch(e -> e.contains("netty-asks") || e.contains("plain-from-netty"));
    }

    /** A POJO, as netty-socketio applications send them. */
    public record Point(int x, int y) {}
}
