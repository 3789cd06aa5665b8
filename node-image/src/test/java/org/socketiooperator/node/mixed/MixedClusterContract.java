package org.socketiooperator.node.mixed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.server.api.RemoteSocket;

/**
 * Every cross-node operation, both ways, between a Java node and an official Node.js server on one Redis
 * (issue 3). Clients of both kinds of node live in the Node.js process: over WebSocket, over long-polling
 * and upgrading from one to the other. Each test uses its own event and room names, so nothing leaks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MixedClusterContract {

    /** Clients that stay connected for the whole class: on the Node.js server ("n-") and on the Java node ("j-"). */
    static final List<String> RESIDENTS = List.of("n-ws", "n-poll", "j-ws", "j-poll", "j-up");

    private static final Duration WAIT = Duration.ofSeconds(10);

    JavaPeerNode java;
    MixedPeer peer;
    final Map<String, String> sids = new HashMap<>();
    /** Which servers ("n" Node.js, "j" Java) have members in each room, from the joins made so far. */
    private final Map<String, java.util.Set<Character>> roomServers = new HashMap<>();

    String key;
    private int fences;

    /** The Java node's adapter settings for a fresh, unique key. */
    abstract AdapterConfig javaAdapter(String key);

    /** The peer's mode arguments: classic or sharded, then the subscription mode. */
    abstract String[] peerMode();

    @BeforeAll
    void startCluster() {
        key = "mixed-" + getClass().getSimpleName() + "-" + Long.toHexString(System.nanoTime());
        java = new JavaPeerNode(javaAdapter(key));
        peer = new MixedPeer(peerMode()[0], key, peerMode()[1]);
        connect("n-ws", peer.url(), List.of("websocket"));
        connect("n-poll", peer.url(), List.of("polling"));
        connect("j-ws", java.url(), List.of("websocket"));
        connect("j-poll", java.url(), List.of("polling"));
        connect("j-up", java.url(), null);
        await().atMost(WAIT)
                .until(() -> peer.callRaw("count", Map.of()).path("count").asInt() == 2);
    }

    @AfterAll
    void stopCluster() {
        if (peer != null) {
            peer.close();
        }
        if (java != null) {
            java.close();
        }
    }

    void connect(String name, String url, List<String> transports) {
        sids.put(name, peer.connectClient(name, url, transports));
    }

    void join(String client, String... rooms) {
        for (String room : rooms) {
            assertThat(peer.call("emit", Map.of("name", client, "event", "join", "args", List.of(room)))
                            .path("answer")
                            .toString())
                    .contains(room);
            roomServers.computeIfAbsent(room, r -> new java.util.HashSet<>()).add(client.charAt(0));
            // the join is acknowledged before its server has subscribed the room's channel (the official
            // sharded adapter does the same): a broadcast from the other server in between would miss it
            if (subscribesRoomChannels()) {
                String channel = key + "#/#" + room + "#";
                int servers = roomServers.get(room).size();
                await().atMost(WAIT).until(() -> shardSubscribers(channel) >= servers);
            }
        }
    }

    /** True in the sharded modes where a server subscribes a room's channel when the room appears (dynamic). */
    boolean subscribesRoomChannels() {
        return false;
    }

    private static long shardSubscribers(String channel) {
        String[] reply = org.socketiooperator.testsupport.RedisCluster.cli(
                        org.socketiooperator.testsupport.SharedRedis.port(), "PUBSUB", "SHARDNUMSUB", channel)
                .strip()
                .split("\n");
        return Long.parseLong(reply[reply.length - 1].strip());
    }

    /** Sends an event to everyone from the Java node and waits until the given clients have it. */
    void fence(List<String> clients) {
        String event = "fence-" + (++fences);
        java.server.emit(event);
        clients.forEach(c -> peer.awaitEvent(c, event));
    }

    void assertNothing(List<String> clients, String event) {
        fence(clients);
        for (String client : clients) {
            assertThat(peer.events(client, event))
                    .as(client + " must not get " + event)
                    .isEmpty();
        }
    }

    static String args(JsonNode event) {
        return event.get("args").toString();
    }

    @Test
    void broadcastsToEveryClientBothWaysWithBinary() {
        java.server.emit("all-from-java", "x", new byte[] {1, 2, 3});
        peer.call("broadcast", Map.of("event", "all-from-node", "args", List.of("y", Map.of("binary", List.of(4, 5)))));
        for (String client : RESIDENTS) {
            assertThat(args(peer.awaitEvent(client, "all-from-java"))).isEqualTo("[\"x\",{\"binary\":[1,2,3]}]");
            assertThat(args(peer.awaitEvent(client, "all-from-node"))).isEqualTo("[\"y\",{\"binary\":[4,5]}]");
        }
    }

    @Test
    void roomAndExceptBroadcastsBothWays() {
        join("n-ws", "blue");
        join("n-poll", "blue", "red");
        join("j-poll", "blue");
        join("j-ws", "blue", "red");
        java.server.to("blue").except("red").emit("blue-not-red-j", 1);
        peer.call(
                "broadcast",
                Map.of(
                        "rooms",
                        List.of("blue"),
                        "except",
                        List.of("red"),
                        "event",
                        "blue-not-red-n",
                        "args",
                        List.of(2)));
        for (String client : List.of("n-ws", "j-poll")) {
            assertThat(args(peer.awaitEvent(client, "blue-not-red-j"))).isEqualTo("[1]");
            assertThat(args(peer.awaitEvent(client, "blue-not-red-n"))).isEqualTo("[2]");
        }
        assertNothing(List.of("n-poll", "j-ws", "j-up"), "blue-not-red-j");
        assertNothing(List.of("n-poll", "j-ws", "j-up"), "blue-not-red-n");
    }

    @Test
    void socketToRoomFromAClientReachesTheOtherNodeButNotTheSender() {
        join("n-poll", "green");
        join("j-poll", "green");
        join("j-ws", "green");
        assertThat(peer.call(
                                "emit",
                                Map.of(
                                        "name",
                                        "j-ws",
                                        "event",
                                        "relay",
                                        "args",
                                        List.of(Map.of(
                                                "room", "green", "event", "green-from-j", "args", List.of("hi")))))
                        .path("answer")
                        .asText())
                .isEqualTo("relayed");
        peer.call(
                "emit",
                Map.of(
                        "name",
                        "n-poll",
                        "event",
                        "relay",
                        "args",
                        List.of(Map.of("room", "green", "event", "green-from-n", "args", List.of("yo")))));
        assertThat(args(peer.awaitEvent("n-poll", "green-from-j"))).isEqualTo("[\"hi\"]");
        assertThat(args(peer.awaitEvent("j-poll", "green-from-j"))).isEqualTo("[\"hi\"]");
        assertThat(args(peer.awaitEvent("j-poll", "green-from-n"))).isEqualTo("[\"yo\"]");
        assertThat(args(peer.awaitEvent("j-ws", "green-from-n"))).isEqualTo("[\"yo\"]");
        assertNothing(List.of("j-ws", "n-ws", "j-up"), "green-from-j");
        assertNothing(List.of("n-poll", "n-ws", "j-up"), "green-from-n");
    }

    @Test
    void javaFetchSocketsSeesNodeSocketsAndActsOnThem() throws Exception {
        List<RemoteSocket> all =
                java.server.fetchSockets().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Map<String, Object> dataById = new HashMap<>();
        all.forEach(s -> dataById.put(s.id(), s.data()));
        for (String client : RESIDENTS) {
            assertThat(dataById)
                    .containsEntry(
                            sids.get(client),
                            Map.of("node", client.startsWith("n-") ? "node" : "java", "name", client));
        }
        RemoteSocket nodeSocket = all.stream()
                .filter(s -> s.id().equals(sids.get("n-poll")))
                .findFirst()
                .orElseThrow();
        assertThat(nodeSocket.rooms()).contains(sids.get("n-poll"));

        nodeSocket.emit("remote-from-java", "hi", new byte[] {9});
        assertThat(args(peer.awaitEvent("n-poll", "remote-from-java"))).isEqualTo("[\"hi\",{\"binary\":[9]}]");

        // the stage completes when Redis took the message; the Node server applies it a moment later
        nodeSocket.join("joined-by-java").toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(nodeFetch("joined-by-java")).containsExactly(sids.get("n-poll")));
        nodeSocket.leave("joined-by-java").toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(nodeFetch("joined-by-java")).isEmpty());
    }

    @Test
    void nodeFetchSocketsSeesJavaSocketsAndActsOnThem() {
        JsonNode sockets = peer.call("fetch", Map.of()).get("sockets");
        Map<String, JsonNode> byId = new HashMap<>();
        sockets.forEach(s -> byId.put(s.get("id").asText(), s));
        for (String client : List.of("j-ws", "j-poll", "j-up")) {
            JsonNode socket = byId.get(sids.get(client));
            assertThat(socket).as(client).isNotNull();
            assertThat(socket.path("data").path("node").asText()).isEqualTo("java");
            assertThat(socket.path("data").path("name").asText()).isEqualTo(client);
            assertThat(texts(socket.get("rooms"))).contains(sids.get(client));
        }

        String sid = sids.get("j-poll");
        peer.call(
                "remoteEmit",
                Map.of("sid", sid, "event", "remote-from-node", "args", List.of("ho", Map.of("binary", List.of(7)))));
        assertThat(args(peer.awaitEvent("j-poll", "remote-from-node"))).isEqualTo("[\"ho\",{\"binary\":[7]}]");

        peer.call("remoteJoin", Map.of("sid", sid, "room", "joined-by-node"));
        await().atMost(WAIT)
                .until(() -> java.server.sockets().sockets().get(sid).rooms().contains("joined-by-node"));
        peer.call("remoteLeave", Map.of("sid", sid, "room", "joined-by-node"));
        await().atMost(WAIT)
                .until(() -> !java.server.sockets().sockets().get(sid).rooms().contains("joined-by-node"));
    }

    @Test
    void remoteSocketDisconnectBothWays() throws Exception {
        connect("n-victim", peer.url(), List.of("polling"));
        connect("j-victim", java.url(), List.of("polling"));
        RemoteSocket nodeVictim = java.server.fetchSockets().toCompletableFuture().get(10, TimeUnit.SECONDS).stream()
                .filter(s -> s.id().equals(sids.get("n-victim")))
                .findFirst()
                .orElseThrow();
        nodeVictim.disconnect(true).toCompletableFuture().get(10, TimeUnit.SECONDS);
        peer.call("remoteDisconnect", Map.of("sid", sids.get("j-victim")));
        for (String victim : List.of("n-victim", "j-victim")) {
            assertThat(awaitDisconnected(victim)).isEqualTo("io server disconnect");
        }
        await().atMost(WAIT).until(() -> !java.server.sockets().sockets().containsKey(sids.get("j-victim")));
    }

    @Test
    void socketsJoinAndLeaveBothWays() throws Exception {
        java.server.to(sids.get("n-ws"), sids.get("j-poll")).socketsJoin("sj-java");
        await().atMost(WAIT).until(() -> nodeFetch("sj-java").size() == 2);
        assertThat(nodeFetch("sj-java")).containsExactlyInAnyOrder(sids.get("n-ws"), sids.get("j-poll"));
        peer.call("broadcast", Map.of("rooms", List.of("sj-java"), "event", "to-sj-java"));
        peer.awaitEvent("n-ws", "to-sj-java");
        peer.awaitEvent("j-poll", "to-sj-java");
        java.server.to("sj-java").socketsLeave("sj-java");
        await().atMost(WAIT).until(() -> nodeFetch("sj-java").isEmpty());

        peer.call("socketsJoin", Map.of("rooms", List.of(sids.get("n-poll"), sids.get("j-ws")), "room", "sj-node"));
        await().atMost(WAIT).until(() -> javaFetch("sj-node").size() == 2);
        assertThat(javaFetch("sj-node")).containsExactlyInAnyOrder(sids.get("n-poll"), sids.get("j-ws"));
        java.server.to("sj-node").emit("to-sj-node");
        peer.awaitEvent("n-poll", "to-sj-node");
        peer.awaitEvent("j-ws", "to-sj-node");
        peer.call("socketsLeave", Map.of("rooms", List.of("sj-node"), "room", "sj-node"));
        await().atMost(WAIT).until(() -> javaFetch("sj-node").isEmpty());
    }

    @Test
    void disconnectSocketsBothWays() {
        connect("n-doomed", peer.url(), List.of("websocket"));
        connect("j-doomed-poll", java.url(), List.of("polling"));
        connect("j-doomed-ws", java.url(), List.of("websocket"));
        join("n-doomed", "doomed-by-java");
        join("j-doomed-poll", "doomed-by-java");
        join("j-doomed-ws", "doomed-by-node");
        java.server.to("doomed-by-java").disconnectSockets(true);
        peer.call("disconnect", Map.of("rooms", List.of("doomed-by-node")));
        for (String victim : List.of("n-doomed", "j-doomed-poll", "j-doomed-ws")) {
            assertThat(awaitDisconnected(victim)).as(victim).isEqualTo("io server disconnect");
        }
        assertThat(peer.matching(l -> l.has("disconnected")
                        && RESIDENTS.contains(l.path("client").asText())))
                .isEmpty();
    }

    @Test
    void serverSideEmitWithAndWithoutAckBothWays() throws Exception {
        java.server.serverSideEmit("hello", "plain-from-java");
        peer.await(l -> l.path("serverSideEmit").toString().equals("[\"plain-from-java\"]"));
        assertThat(java.server
                        .serverSideEmitWithAck("hello", "java-asks")
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS))
                .containsExactly("answer-from-node");
        // the Node listener logs the event and answers; the answer can overtake the log line
        peer.await(l -> l.path("serverSideEmit").toString().equals("[\"java-asks\"]"));
        assertThat(peer.matching(l -> l.path("serverSideEmit").toString().equals("[\"java-asks\"]")))
                .hasSize(1);

        peer.call("sse", Map.of("args", List.of("plain-from-node")));
        await().atMost(WAIT).until(() -> java.serverSideEvents.contains(List.of("plain-from-node")));
        assertThat(peer.call("sseAck", Map.of("args", List.of("node-asks")))
                        .get("responses")
                        .toString())
                .isEqualTo("[\"answer-from-java\"]");
        assertThat(java.serverSideEvents).contains(List.of("node-asks"));
    }

    @Test
    void broadcastWithAckCollectsEveryClientsAnswerBothWays() throws Exception {
        List<String> expected = RESIDENTS.stream().map(c -> "ack-" + c).toList();
        List<Object> fromJava = java.server
                .timeout(Duration.ofSeconds(5))
                .emitWithAck("ask", "java")
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(fromJava).containsExactlyInAnyOrderElementsOf(expected);

        JsonNode fromNode = peer.call("ask", Map.of("timeout", 5000));
        assertThat(fromNode.get("error").isNull()).as(fromNode.toString()).isTrue();
        assertThat(texts(fromNode.get("responses"))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void bothServersCountEachOther() throws Exception {
        assertThat(peer.call("count", Map.of()).get("count").asInt()).isEqualTo(2);
        assertThat(java.server.serverCount().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isEqualTo(2);
        assertThat(java.server.of("/").serverCount().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isEqualTo(2);
    }

    @Test
    void upgradedClientsEventsAndAcksReachTheJavaNode() {
        peer.await(l -> "j-up".equals(l.path("client").asText())
                && "websocket".equals(l.path("upgraded").asText()));
        assertThat(peer.call("transport", Map.of("name", "j-up"))
                        .get("transport")
                        .asText())
                .isEqualTo("websocket");
        for (int i = 0; i < 3; i++) {
            assertThat(peer.call("emit", Map.of("name", "j-up", "event", "echo", "args", List.of("after-upgrade-" + i)))
                            .get("answer")
                            .asText())
                    .isEqualTo("after-upgrade-" + i);
        }
        join("j-up", "upgraded-room");
        join("n-ws", "upgraded-room");
        peer.call(
                "emit",
                Map.of(
                        "name",
                        "j-up",
                        "event",
                        "relay",
                        "args",
                        List.of(Map.of("room", "upgraded-room", "event", "from-upgraded"))));
        peer.awaitEvent("n-ws", "from-upgraded");
    }

    String awaitDisconnected(String client) {
        return peer.await(l -> client.equals(l.path("client").asText()) && l.has("disconnected"))
                .get("disconnected")
                .asText();
    }

    List<String> nodeFetch(String room) {
        List<String> ids = new ArrayList<>();
        peer.call("fetch", Map.of("rooms", List.of(room)))
                .get("sockets")
                .forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    List<String> javaFetch(String room) throws Exception {
        return java.server.to(room).fetchSockets().toCompletableFuture().get(10, TimeUnit.SECONDS).stream()
                .map(RemoteSocket::id)
                .toList();
    }

    static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }
}
