package org.socketiooperator.emitter.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.emitter.Emitter;
import org.socketiooperator.emitter.EmitterOptions;
import org.socketiooperator.testsupport.SharedRedis;

/**
 * The checklist's emitter items (H 35-50) against official socket.io servers and real socket.io-client
 * clients, in one adapter configuration per subclass. "Exactly the right clients" is checked with a
 * barrier: after the operation, a marker event is emitted to everybody; Redis delivers a subscriber's
 * messages in publish order and socket.io writes them in order, so once every client has the marker,
 * whoever has not received the event never will.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EmitterAgainstNodeIT {

    static final String REDIS = SharedRedis.uri();

    protected final String key = "emitter-it-" + UUID.randomUUID().toString().substring(0, 8);
    protected NodeCluster cluster;
    protected Emitter emitter;
    private int barriers;

    /** Environment of {@code emitter-cluster.js} (ADAPTER, PARSER, SUBSCRIPTION_MODE). */
    protected abstract Map<String, String> nodeEnv();

    protected abstract EmitterOptions.Builder emitterOptions();

    /** Whether byte arrays reach clients as binary (not with a JSON parser, exactly as in Node). */
    protected boolean binaryArrives() {
        return true;
    }

    @BeforeAll
    void start() {
        Map<String, String> env = new java.util.HashMap<>(nodeEnv());
        env.put("REDIS_URL", REDIS);
        env.put("KEY", key);
        cluster = NodeCluster.start(env);
        // generous: the first publish of a cold JVM on a loaded machine also loads Netty and Lettuce
        emitter = Emitter.create(emitterOptions()
                .redisUri(REDIS)
                .key(key)
                .timeout(Duration.ofSeconds(30))
                .build());
    }

    @AfterAll
    void stop() {
        if (emitter != null) {
            emitter.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void freshRecord() {
        cluster.clearReceived();
    }

    @Test
    void h35_argumentsArriveIntactAndBinaryAsBinary() {
        byte[] bytes = {1, 2, 3};
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, 8, 7, 6}, 1, 2);

        await(emitter.emit("payload", 1, "2", List.of(3), bytes, buffer));

        JsonNode args = cluster.awaitEvent("c1", "payload");
        assertThat(args.get(0).asLong()).isEqualTo(1);
        assertThat(args.get(1).asText()).isEqualTo("2");
        assertThat(args.get(2).toString()).isEqualTo("[3]");
        if (binaryArrives()) {
            assertThat(binary(args.get(3))).containsExactly(1, 2, 3);
            assertThat(binary(args.get(4))).containsExactly(8, 7);
        } else {
            // JSON turns bytes into Node's Buffer object, which is what the Node adapters do too
            assertThat(args.get(3).toString()).isEqualTo("{\"type\":\"Buffer\",\"data\":[1,2,3]}");
        }
    }

    @Test
    void h37_flagsAndSeveralRoomsAreAccepted() {
        cluster.join("c1", "h37-room1");
        cluster.join("c3", "h37-room2");
        cluster.join("c3", "h37-room4");

        await(emitter.in(List.of("h37-room1", "h37-room2"))
                .except(List.of("h37-room4", "h37-room5"))
                .volatile_()
                .compress(false)
                .emit("h37", "x"));

        assertReceivers("h37", "x", Set.of("c1"));
    }

    @Test
    void h38_plainEmitReachesEveryClientOfTheDefaultNamespace() {
        await(emitter.emit("h38", "all"));

        assertReceivers("h38", "all", Set.of("c1", "c2", "c3"));
    }

    @Test
    void h39_h40_ofReachesOnlyThatNamespaceAndAddsTheSlash() {
        await(emitter.of("custom").emit("h39", "custom"));

        assertReceivers("h39", "custom", Set.of("c4"));
        assertThat(emitter.of("custom").namespace()).isEqualTo("/custom");
    }

    @Test
    void h41_toRoomReachesOnlyItsMembers() {
        cluster.join("c1", "h41-room1");
        cluster.join("c3", "h41-room2");

        await(emitter.to("h41-room1").emit("h41", "room1"));

        assertReceivers("h41", "room1", Set.of("c1"));
    }

    @Test
    void h41_roomMembersOnBothServersAllReceive() {
        cluster.join("c2", "h41b");
        cluster.join("c3", "h41b");

        await(emitter.to("h41b").emit("h41b", "both"));

        assertReceivers("h41b", "both", Set.of("c2", "c3"));
    }

    @Test
    void h42_toSocketIdReachesOnlyThatSocket() {
        await(emitter.to(cluster.id("c3")).emit("h42", "private"));

        assertReceivers("h42", "private", Set.of("c3"));
    }

    @Test
    void h43_exceptSocketIdSkipsThatSocket() {
        await(emitter.except(cluster.id("c2")).emit("h43", "not-c2"));

        assertReceivers("h43", "not-c2", Set.of("c1", "c3"));
    }

    @Test
    void h44_socketsJoinMakesEverySocketJoin() {
        await(emitter.socketsJoin("h44-room"));

        org.awaitility.Awaitility.await().atMost(NodeCluster.TIMEOUT).untilAsserted(() -> {
            Map<String, Set<String>> rooms = cluster.rooms();
            for (String client : NodeCluster.ROOT_CLIENTS) {
                assertThat(rooms.get(client)).contains("h44-room");
            }
            assertThat(rooms.get("c4")).doesNotContain("h44-room"); // another namespace
        });
    }

    @Test
    void h45_inRoomSocketsJoinOnlyMovesTheMembers() {
        cluster.join("c1", "h45-room1");
        cluster.join("c3", "h45-room1");

        await(emitter.in("h45-room1").socketsJoin("h45-room3"));

        org.awaitility.Awaitility.await()
                .atMost(NodeCluster.TIMEOUT)
                .untilAsserted(() -> assertThat(cluster.rooms().get("c3")).contains("h45-room3"));
        Map<String, Set<String>> rooms = cluster.rooms();
        assertThat(rooms.get("c1")).contains("h45-room3");
        assertThat(rooms.get("c2")).doesNotContain("h45-room3");
        // a broadcast to the new room reaches exactly its members: the servers now host it
        await(emitter.to("h45-room3").emit("h45", "room3"));
        assertReceivers("h45", "room3", Set.of("c1", "c3"));
    }

    @Test
    void h46_socketsLeaveRemovesTheRoomFromEveryoneOnly() {
        for (String client : NodeCluster.ROOT_CLIENTS) {
            cluster.join(client, "h46-room1");
        }
        cluster.join("c2", "h46-room2");

        await(emitter.socketsLeave("h46-room1"));

        org.awaitility.Awaitility.await().atMost(NodeCluster.TIMEOUT).untilAsserted(() -> {
            Map<String, Set<String>> rooms = cluster.rooms();
            for (String client : NodeCluster.ROOT_CLIENTS) {
                assertThat(rooms.get(client)).doesNotContain("h46-room1");
            }
        });
        assertThat(cluster.rooms().get("c2")).contains("h46-room2");
    }

    @Test
    void h47_inRoomSocketsLeaveOnlyTouchesTheMembers() {
        cluster.join("c1", "h47-room1");
        cluster.join("c2", "h47-room1");
        cluster.join("c2", "h47-room2");
        cluster.join("c3", "h47-room1");
        cluster.join("c3", "h47-room2");

        await(emitter.in("h47-room2").socketsLeave("h47-room1"));

        org.awaitility.Awaitility.await().atMost(NodeCluster.TIMEOUT).untilAsserted(() -> {
            Map<String, Set<String>> rooms = cluster.rooms();
            assertThat(rooms.get("c2")).doesNotContain("h47-room1").contains("h47-room2");
            assertThat(rooms.get("c3")).doesNotContain("h47-room1").contains("h47-room2");
        });
        assertThat(cluster.rooms().get("c1")).contains("h47-room1");
    }

    @Test
    void h48_disconnectSocketsDisconnectsEveryClientOfTheNamespace() {
        try {
            await(emitter.disconnectSockets(true));

            for (String client : NodeCluster.ROOT_CLIENTS) {
                cluster.awaitDisconnect(client);
            }
            barrier(List.of("c4"));
            assertThat(cluster.disconnected()).containsExactlyInAnyOrderElementsOf(NodeCluster.ROOT_CLIENTS);
        } finally {
            cluster.reconnect();
        }
    }

    @Test
    void h49_inRoomDisconnectSocketsDisconnectsExactlyTheMembers() {
        cluster.join("c2", "h49-room2");
        cluster.join("c3", "h49-room2");
        try {
            await(emitter.in("h49-room2").disconnectSockets(true));

            cluster.awaitDisconnect("c2");
            cluster.awaitDisconnect("c3");
            barrier(List.of("c1", "c4"));
            assertThat(cluster.disconnected()).containsExactlyInAnyOrder("c2", "c3");
        } finally {
            cluster.reconnect();
        }
    }

    @Test
    void h50_serverSideEmitReachesEveryServer() {
        await(emitter.serverSideEmit("hello", "world", 1, "2"));

        for (String server : List.of("A", "B")) {
            JsonNode args = cluster.awaitServerSide(server);
            assertThat(args.toString()).isEqualTo("[\"world\",1,\"2\"]");
        }
    }

    /** Emits a marker to every client of both namespaces and waits until all of {@code clients} have it. */
    protected void barrier(List<String> clients) {
        String marker = "barrier-" + (++barriers);
        await(emitter.emit("barrier", marker));
        await(emitter.of("/custom").emit("barrier", marker));
        cluster.awaitReceived("barrier", marker, clients);
    }

    protected void assertReceivers(String event, String firstArg, Set<String> expected) {
        cluster.awaitReceived(event, firstArg, List.copyOf(expected));
        barrier(List.of("c1", "c2", "c3", "c4"));
        assertThat(cluster.receiversOf(event, firstArg)).containsExactlyInAnyOrderElementsOf(expected);
    }

    protected static void await(java.util.concurrent.CompletionStage<Void> stage) {
        try {
            stage.toCompletableFuture().get(40, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("publish failed", e);
        }
    }

    private static byte[] binary(JsonNode node) {
        assertThat(node.has("$binary_base64")).as("binary value, got %s", node).isTrue();
        return Base64.getDecoder().decode(node.get("$binary_base64").asText());
    }
}
