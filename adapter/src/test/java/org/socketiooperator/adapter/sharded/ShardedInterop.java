package org.socketiooperator.adapter.sharded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.testing.FakeNamespace;
import org.socketiooperator.adapter.testing.FakeSocket;
import org.socketiooperator.protocol.model.BroadcastFlags;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.model.SocketDetails;
import org.socketiooperator.protocol.sharded.SubscriptionMode;
import org.socketiooperator.testsupport.NodePeers;
import org.socketiooperator.testsupport.SharedRedis;

/**
 * Two Java nodes and one official Node.js server ({@code createShardedAdapter}, node-redis 4.7.1, a real
 * socket.io-client attached) in one cluster on the shared Redis, in one subscription mode. Every
 * operation is checked in both directions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ShardedInterop {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    abstract SubscriptionMode mode();

    private final String prefix = "sio-interop-" + ShardedIds.next();
    private final List<ShardedAdapter> adapters = new ArrayList<>();
    private final List<FakeNamespace> namespaces = new ArrayList<>();
    private final List<NamespaceAdapter> java = new ArrayList<>();
    private final List<FakeSocket> sockets = new ArrayList<>();
    private NodePeers.Peer node;
    private String nodeSid;
    private RedisProbe probe;
    private int commandId;

    @BeforeAll
    void start() throws Exception {
        org.awaitility.Awaitility.setDefaultPollDelay(Duration.ZERO);
        org.awaitility.Awaitility.setDefaultPollInterval(Duration.ofMillis(20));
        RedisEndpoint redis = RedisEndpoint.standalone(SharedRedis.uri());
        probe = new RedisProbe(redis);
        for (int i = 0; i < 2; i++) {
            ShardedAdapter adapter =
                    new ShardedAdapter(AdapterConfig.sharded(redis, mode()).withKey(prefix));
            FakeNamespace ns = new FakeNamespace("/");
            adapters.add(adapter);
            namespaces.add(ns);
            java.add(adapter.attach(ns));
            FakeSocket socket = ns.connect();
            socket.answerAcksWith(e -> "java-ack");
            sockets.add(socket);
        }
        node = NodePeers.start(
                NodePeers.peersDir().resolve("sharded-peer.js"),
                Map.of(),
                SharedRedis.uri(),
                prefix,
                mode().wireName());
        JsonNode ready = JSON.readTree(node.await(l -> l.contains("\"ready\""), WAIT));
        nodeSid = ready.get("sid").asText();
        assertThat(ready.get("uid").asText()).matches("[0-9a-f]{16}");
        await().atMost(WAIT).until(() -> probe.shardNumSub(prefix + "#/#") == 3);
        if (mode() == SubscriptionMode.DYNAMIC_PRIVATE) {
            await().atMost(WAIT)
                    .until(() ->
                            probe.shardNumSub(prefix + "#/#" + sockets.get(0).id() + "#") == 1
                                    && probe.shardNumSub(prefix + "#/#" + nodeSid + "#") == 1);
        }
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
        adapters.forEach(ShardedAdapter::close);
        if (probe != null) {
            probe.close();
        }
    }

    private JsonNode command(String cmd, Map<String, Object> args) throws Exception {
        int id = ++commandId;
        Map<String, Object> line = new java.util.LinkedHashMap<>(args);
        line.put("cmd", cmd);
        line.put("id", id);
        node.send(JSON.writeValueAsString(line));
        return JSON.readTree(node.await(
                l -> l.contains("\"done\":\"" + cmd + "\"") && l.contains("\"id\":" + id + "}")
                        || l.contains("\"id\":" + id + ","),
                WAIT));
    }

    private JsonNode awaitClientEvent(String event) throws Exception {
        return JSON.readTree(node.await(l -> l.contains("\"clientEvent\":\"" + event + "\""), WAIT));
    }

    @Test
    void javaBroadcastReachesTheNodeClientWithBinaryIntact() throws Exception {
        java.get(0).broadcast(EventPacket.of("/", "j-all", 1L, "2", new byte[] {3, 4}), BroadcastOptions.ALL);

        JsonNode event = awaitClientEvent("j-all");
        assertThat(event.get("args").toString()).isEqualTo("[1,\"2\",{\"type\":\"Buffer\",\"data\":[3,4]}]");
        await().atMost(WAIT).until(() -> sockets.get(1).count("j-all") == 1);
    }

    @Test
    void javaRoomAndSocketIdBroadcastsReachTheNodeSocket() throws Exception {
        command("join", Map.of("room", "node-room"));
        if (mode() != SubscriptionMode.STATIC) {
            await().atMost(WAIT).until(() -> probe.shardNumSub(prefix + "#/#node-room#") == 1);
        }

        java.get(1).broadcast(EventPacket.of("/", "j-room"), BroadcastOptions.toRoom("node-room"));
        java.get(1).broadcast(EventPacket.of("/", "j-sid"), BroadcastOptions.toRoom(nodeSid));

        awaitClientEvent("j-room");
        awaitClientEvent("j-sid");
    }

    @Test
    void nodeBroadcastsReachJavaSocketsByNamespaceRoomAndSocketId() throws Exception {
        namespaces.get(1).join(sockets.get(1).id(), "java-room");
        if (mode() != SubscriptionMode.STATIC) {
            await().atMost(WAIT).until(() -> probe.shardNumSub(prefix + "#/#java-room#") == 1);
        }

        command("broadcast", Map.of("event", "n-all", "args", List.of("x", 7)));
        command("broadcast", Map.of("event", "n-room", "rooms", List.of("java-room")));
        command(
                "broadcast",
                Map.of("event", "n-sid", "rooms", List.of(sockets.get(0).id())));

        await().atMost(WAIT)
                .until(() -> sockets.get(0).count("n-all") == 1
                        && sockets.get(1).count("n-all") == 1
                        && sockets.get(1).count("n-room") == 1
                        && sockets.get(0).count("n-sid") == 1);
        assertThat(sockets.get(0).received().stream()
                        .filter(e -> e.get(0).equals("n-all"))
                        .findFirst()
                        .orElseThrow())
                .containsExactly("n-all", "x", 7L);
        assertThat(sockets.get(0).count("n-room") + sockets.get(1).count("n-sid"))
                .isZero();
    }

    @Test
    void fetchSocketsSeesEveryNodeFromBothSides() throws Exception {
        List<SocketDetails> fromJava = java.get(0)
                .fetchSockets(BroadcastOptions.ALL)
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(fromJava)
                .extracting(SocketDetails::id)
                .containsExactlyInAnyOrder(sockets.get(0).id(), sockets.get(1).id(), nodeSid);
        assertThat(fromJava.stream()
                        .filter(s -> s.id().equals(nodeSid))
                        .findFirst()
                        .orElseThrow()
                        .data())
                .isEqualTo("node-data");

        JsonNode fromNode = command("fetch", Map.of());
        List<String> ids = new ArrayList<>();
        fromNode.get("sockets").forEach(s -> ids.add(s.get("id").asText()));
        assertThat(ids)
                .containsExactlyInAnyOrder(sockets.get(0).id(), sockets.get(1).id(), nodeSid);
    }

    @Test
    void broadcastWithAcksCompletesFromBothSides() throws Exception {
        List<Object> fromJava = java.get(0)
                .broadcastWithAck(
                        EventPacket.of("/", "ask"),
                        BroadcastOptions.ALL.withFlags(BroadcastFlags.NONE.withTimeoutMs(3000L)))
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(fromJava).containsExactlyInAnyOrder("java-ack", "java-ack", "node-ack");

        JsonNode fromNode = command("ack", Map.of("timeout", 3000));
        assertThat(fromNode.get("error").isNull()).as(fromNode.toString()).isTrue();
        assertThat(fromNode.get("responses").toString()).contains("java-ack", "node-ack");
        assertThat(fromNode.get("responses").size()).isEqualTo(3);
    }

    @Test
    void serverSideEmitAndItsAcksWorkBothWays() throws Exception {
        java.get(0).serverSideEmit(List.of("hello", "from-java"));
        JSON.readTree(node.await(l -> l.contains("\"serverSideEmit\":[\"from-java\"]"), WAIT));

        namespaces.get(1).answerServerSideEventsWith(e -> "java-answer");
        namespaces.get(0).answerServerSideEventsWith(e -> "java-answer-0");
        try {
            List<Object> answers = java.get(0)
                    .serverSideEmitWithAck(List.of("hello", "java-asks"))
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(answers).containsExactlyInAnyOrder("node-answer", "java-answer");

            JsonNode fromNode = command("sseAck", Map.of());
            assertThat(fromNode.get("responses").toString())
                    .as(fromNode.toString())
                    .contains("java-answer", "java-answer-0");
        } finally {
            namespaces.get(0).answerServerSideEventsWith(null);
            namespaces.get(1).answerServerSideEventsWith(null);
        }
        command("sse", Map.of());
        await().atMost(WAIT)
                .until(() -> namespaces.get(0).serverSideEvents().contains(List.of("hello", "from-node"))
                        && namespaces.get(1).serverSideEvents().contains(List.of("hello", "from-node")));
    }

    @Test
    void serverCountsAgree() throws Exception {
        assertThat(java.get(1).serverCount().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isEqualTo(3);
        assertThat(command("count", Map.of()).get("count").asInt()).isEqualTo(3);
    }

    @Test
    void socketsJoinFromJavaMovesTheNodeSocket() throws Exception {
        java.get(0)
                .socketsJoin(BroadcastOptions.toRoom(nodeSid), List.of("joined-from-java"))
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        if (mode() != SubscriptionMode.STATIC) {
            await().atMost(WAIT).until(() -> probe.shardNumSub(prefix + "#/#joined-from-java#") == 1);
        }
        java.get(1).broadcast(EventPacket.of("/", "after-join"), BroadcastOptions.toRoom("joined-from-java"));
        awaitClientEvent("after-join");
    }
}
