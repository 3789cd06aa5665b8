package org.socketiooperator.adapter.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.testing.Trio;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.model.SocketDetails;
import org.socketiooperator.testsupport.NodePeers;
import org.socketiooperator.testsupport.SharedRedis;

/**
 * Two Java nodes and one official Node.js server (socket.io 4.8 + @socket.io/redis-adapter 8.3,
 * test-support/node-peers/classic-peer.js) in one classic cluster over the shared Redis: every
 * operation works in both directions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClassicNodeInteropIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String key = "it-interop-" + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger ids = new AtomicInteger();
    private ClassicAdapter first;
    private ClassicAdapter second;
    private Trio<ClassicAdapter> java;
    private NodePeers.Peer node;
    private String nodeSid;

    @BeforeAll
    void start() throws Exception {
        AdapterConfig config = AdapterConfig.classic(RedisEndpoint.standalone(SharedRedis.uri()))
                .withKey(key)
                .withRequestsTimeout(Duration.ofSeconds(2));
        first = ClassicAdapter.create(config);
        second = ClassicAdapter.create(config);
        java = new Trio<>(List.of(first, second), "/");
        node = NodePeers.start(NodePeers.peersDir().resolve("classic-peer.js"), Map.of(), SharedRedis.uri(), key);
        nodeSid = JSON.readTree(node.awaitContaining("\"ready\"", Duration.ofSeconds(30)))
                .get("sid")
                .asText();
        await().atMost(WAIT)
                .until(() -> java.node(1)
                                .cluster()
                                .serverCount()
                                .toCompletableFuture()
                                .join()
                        == 3);
        for (int n = 1; n <= 2; n++) {
            String answer = "java-answer-" + n;
            java.node(n).local().onServerSideEvent((event, ack) -> {
                if (ack != null) {
                    ack.accept(answer);
                }
            });
        }
        java.socket(1).answerAcksWith(args -> "java-ack-1");
        java.socket(2).answerAcksWith(args -> "java-ack-2");
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
        java.close();
        first.close();
        second.close();
    }

    private JsonNode command(String cmd, String extraJson) throws Exception {
        int id = ids.incrementAndGet();
        node.send("{\"cmd\":\"" + cmd + "\",\"id\":" + id + (extraJson.isEmpty() ? "" : "," + extraJson) + "}");
        String line = node.await(l -> l.contains("\"done\":\"" + cmd + "\"") && idOf(l) == id, Duration.ofSeconds(15));
        return JSON.readTree(line);
    }

    private static int idOf(String line) {
        try {
            return JSON.readTree(line).path("id").asInt(-1);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isTextual() ? n.asText() : n.toString()));
        return out;
    }

    @Test
    @Order(1)
    void serverCountAgreesOnBothSides() throws Exception {
        assertThat(command("count", "").get("count").asInt()).isEqualTo(3);
        assertThat(java.node(2).cluster().serverCount().toCompletableFuture().join())
                .isEqualTo(3);
    }

    @Test
    @Order(2)
    void nodeBroadcastsReachJavaSocketsWithBinaryIntact() throws Exception {
        command("broadcast", "\"event\":\"from-node\",\"args\":[1,\"2\"],\"binary\":[1,2,3]");
        await().atMost(WAIT)
                .until(() ->
                        java.socket(1).count("from-node") == 1 && java.socket(2).count("from-node") == 1);
        assertThat(java.socket(2).argsOf("from-node")).containsExactly(1L, "2", new byte[] {1, 2, 3});
        command(
                "broadcast",
                "\"event\":\"node-room\",\"rooms\":[\"" + java.socket(2).id() + "\"]");
        await().atMost(WAIT).until(() -> java.socket(2).count("node-room") == 1);
        command(
                "broadcast",
                "\"event\":\"node-except\",\"except\":[\"" + java.socket(2).id() + "\"]");
        await().atMost(WAIT).until(() -> java.socket(1).count("node-except") == 1);
        java.flushFrom(1);
        assertThat(java.socket(1).count("node-room")).isZero();
        assertThat(java.socket(2).count("node-except")).isZero();
    }

    @Test
    @Order(3)
    void javaBroadcastsReachTheNodeClient() throws Exception {
        java.node(1)
                .cluster()
                .broadcast(EventPacket.of("/", "to-node", 7L, new byte[] {9, 8}), BroadcastOptions.toRoom(nodeSid));
        JsonNode event = JSON.readTree(node.awaitContaining("\"clientEvent\":\"to-node\"", WAIT));
        assertThat(event.get("args").toString()).isEqualTo("[7,{\"binary\":[9,8]}]");
        java.node(1)
                .cluster()
                .broadcast(EventPacket.of("/", "skip-node"), BroadcastOptions.ALL.withExcept(List.of(nodeSid)));
        java.node(1).cluster().broadcast(EventPacket.of("/", "after"), BroadcastOptions.ALL);
        node.awaitContaining("\"clientEvent\":\"after\"", WAIT);
        assertThat(node.history()).doesNotContain("skip-node");
    }

    @Test
    @Order(4)
    void fetchSocketsInBothDirections() throws Exception {
        List<SocketDetails> fromJava = java.node(1)
                .cluster()
                .fetchSockets(BroadcastOptions.ALL)
                .toCompletableFuture()
                .join();
        assertThat(fromJava)
                .extracting(SocketDetails::id)
                .containsExactlyInAnyOrder(
                        nodeSid, java.socket(1).id(), java.socket(2).id());
        assertThat(fromJava.stream()
                        .filter(s -> s.id().equals(nodeSid))
                        .findFirst()
                        .orElseThrow()
                        .data())
                .isEqualTo("node-data");
        JsonNode fromNode = command("fetch", "");
        List<String> sockets = new ArrayList<>();
        fromNode.get("sockets").forEach(s -> sockets.add(s.get("id").asText()));
        assertThat(sockets)
                .containsExactlyInAnyOrder(
                        nodeSid, java.socket(1).id(), java.socket(2).id());
        assertThat(texts(command("allRooms", "").get("rooms")))
                .contains(java.socket(1).id(), java.socket(2).id());
    }

    @Test
    @Order(5)
    void socketsJoinAndLeaveInBothDirections() throws Exception {
        java.node(1)
                .cluster()
                .socketsJoin(BroadcastOptions.toRoom(nodeSid), List.of("j-room"))
                .toCompletableFuture()
                .join();
        await().atMost(WAIT)
                .until(() -> texts(command("rooms", "").get("rooms")).contains("j-room"));
        java.node(1)
                .cluster()
                .socketsLeave(BroadcastOptions.ALL, List.of("j-room"))
                .toCompletableFuture()
                .join();
        await().atMost(WAIT)
                .until(() -> !texts(command("rooms", "").get("rooms")).contains("j-room"));

        command("socketsJoin", "\"room\":\"n-room\"");
        await().atMost(WAIT)
                .until(() -> java.node(1).local().hasRoom("n-room")
                        && java.node(2).local().hasRoom("n-room"));
        command(
                "socketsLeave",
                "\"room\":\"n-room\",\"rooms\":[\"" + java.socket(2).id() + "\"]");
        await().atMost(WAIT).until(() -> !java.node(2).local().hasRoom("n-room"));
        assertThat(java.node(1).local().hasRoom("n-room")).isTrue();
    }

    @Test
    @Order(6)
    void serverSideEmitWithAckInBothDirections() throws Exception {
        List<Object> answers = java.node(1)
                .cluster()
                .serverSideEmitWithAck(List.of("hello", "java-asks"))
                .toCompletableFuture()
                .join();
        assertThat(answers).containsExactlyInAnyOrder("node-answer", "java-answer-2");
        JsonNode fromNode = command("sseAck", "");
        assertThat(fromNode.get("error")).isNull();
        assertThat(texts(fromNode.get("responses"))).containsExactlyInAnyOrder("java-answer-1", "java-answer-2");
        command("sse", "");
        await().atMost(WAIT)
                .until(() -> java.node(1).local().serverSideEvents().stream()
                        .anyMatch(e -> e.equals(List.of("hello", "from-node"))));
    }

    @Test
    @Order(7)
    void broadcastWithAckInBothDirections() throws Exception {
        BroadcastOptions opts =
                BroadcastOptions.ALL.withFlags(BroadcastOptions.ALL.flags().withTimeoutMs(3000L));
        List<Object> acks = java.node(1)
                .cluster()
                .broadcastWithAck(EventPacket.of("/", "ask"), opts)
                .toCompletableFuture()
                .join();
        assertThat(acks).containsExactlyInAnyOrder("node-ack", "java-ack-1", "java-ack-2");
        JsonNode fromNode = command("ack", "\"timeout\":3000");
        assertThat(fromNode.get("error").isNull()).as(fromNode.toString()).isTrue();
        assertThat(texts(fromNode.get("responses"))).containsExactlyInAnyOrder("node-ack", "java-ack-1", "java-ack-2");
    }

    @Test
    @Order(8)
    void disconnectSocketsInBothDirections() throws Exception {
        command("disconnect", "\"rooms\":[\"" + java.socket(1).id() + "\"]");
        await().atMost(WAIT).until(() -> Boolean.TRUE.equals(java.socket(1).disconnectedWithClose()));
        java.node(2)
                .cluster()
                .disconnectSockets(BroadcastOptions.toRoom(nodeSid), false)
                .toCompletableFuture()
                .join();
        assertThat(node.awaitContaining("clientDisconnected", WAIT)).contains("io server disconnect");
    }
}
