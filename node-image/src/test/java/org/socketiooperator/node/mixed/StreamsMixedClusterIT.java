package org.socketiooperator.node.mixed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.config.StreamsOptions;
import org.socketiooperator.testsupport.RedisCluster;
import org.socketiooperator.testsupport.SharedRedis;

/**
 * The mixed cluster on {@code @socket.io/redis-streams-adapter} 0.3.1, connection state recovery on in both
 * servers: every cluster operation both ways (the contract), and an official client that loses its
 * connection to the Java node, comes back on the Node.js server and back again on the Java node, each time
 * with {@code socket.recovered} true, its id kept, and every broadcast it missed, in order.
 */
class StreamsMixedClusterIT extends MixedClusterContract {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Override
    AdapterConfig javaAdapter(String key) {
        return AdapterConfig.streams(RedisEndpoint.standalone(SharedRedis.uri()))
                .withStreams(StreamsOptions.DEFAULTS
                        .withStreamName(key + "-stream")
                        .withChannelPrefix(key)
                        .withSessionKeyPrefix(key + ":session:"))
                .withConnectionStateRecovery(Duration.ofMinutes(1));
    }

    @Override
    String[] peerMode() {
        return new String[] {"streams", "dynamic"};
    }

    private void awaitLines(Predicate<JsonNode> match, int count) {
        await().atMost(WAIT).until(() -> peer.matching(match).size() >= count);
    }

    private static Predicate<JsonNode> of(String client, String field) {
        return l -> client.equals(l.path("client").asText()) && l.has(field);
    }

    private List<Integer> seq(String client) {
        return peer.events(client, "seq").stream()
                .map(e -> e.get("args").get(0).asInt())
                .toList();
    }

    private void sendFromJava(int n, String room) {
        java.server.to(room).emit("seq", n);
    }

    private void sendFromNode(int n, String room) {
        peer.call("broadcast", Map.of("rooms", List.of(room), "event", "seq", "args", List.of(n)));
    }

    /** The session is in Redis once the server that lost the client has seen the connection go. */
    private void awaitStoredSession(String pid) {
        await().atMost(WAIT)
                .until(() -> RedisCluster.cli(SharedRedis.port(), "EXISTS", key + ":session:" + pid)
                        .strip()
                        .endsWith("1"));
    }

    private String pid() {
        List<JsonNode> connected = peer.matching(of("mover", "connected"));
        return connected.get(connected.size() - 1).get("pid").asText();
    }

    /**
     * While the client is away: a broadcast to its room from each server, one to everyone, one elsewhere. Each
     * waits until n-ws (in the room too) has it, so the stream's order is the order sent: the servers' XADDs
     * would otherwise race.
     */
    private void missWhileAway(int first) {
        sendFromJava(first, "moving");
        awaitWitness(first);
        sendFromNode(first + 1, "moving");
        awaitWitness(first + 1);
        java.server.emit("seq", first + 2);
        awaitWitness(first + 2);
        sendFromNode(-1, "elsewhere");
    }

    private void awaitWitness(int n) {
        await().atMost(WAIT).until(() -> seq("n-ws").contains(n));
    }

    @Test
    void aClientRecoversFromJavaOnNodeAndFromNodeOnJavaWithNothingMissed() {
        int proxy = peer.call("proxyStart", Map.of("target", java.server.port()))
                .get("port")
                .asInt();
        String sid = peer.call(
                        "connect",
                        Map.of(
                                "name",
                                "mover",
                                "url",
                                "http://127.0.0.1:" + proxy,
                                "transports",
                                List.of("websocket"),
                                "reconnect",
                                true))
                .get("sid")
                .asText();
        try {
            join("mover", "moving");
            join("n-ws", "moving");
            sendFromJava(0, "moving");
            awaitWitness(0);
            sendFromNode(1, "moving");
            awaitWitness(1);
            await().atMost(WAIT).until(() -> seq("mover").size() == 2);

            // Java -> Node.js
            long started = System.nanoTime();
            peer.call("proxyDown", Map.of());
            String pid = pid();
            awaitLines(of("mover", "disconnected"), 1);
            awaitStoredSession(pid);
            missWhileAway(2);
            peer.call("proxyUp", Map.of("target", peer.port()));
            awaitLines(of("mover", "connected"), 2);
            JsonNode back = peer.matching(of("mover", "connected")).get(1);
            System.out.printf(
                    "[streams recovery] Java -> Node.js: back %d ms after the connection was cut%n",
                    (System.nanoTime() - started) / 1_000_000);
            assertThat(back.get("recovered").asBoolean()).as(back.toString()).isTrue();
            assertThat(back.get("connected").asText()).isEqualTo(sid);
            assertThat(back.get("pid").asText()).as("the same session goes on").isEqualTo(pid);
            await().atMost(WAIT).until(() -> seq("mover").size() >= 5);
            assertThat(seq("mover")).containsExactly(0, 1, 2, 3, 4);

            // Node.js -> Java
            sendFromNode(5, "moving");
            awaitWitness(5);
            await().atMost(WAIT).until(() -> seq("mover").size() == 6);
            started = System.nanoTime();
            peer.call("proxyDown", Map.of());
            awaitLines(of("mover", "disconnected"), 2);
            awaitStoredSession(pid);
            missWhileAway(6);
            peer.call("proxyUp", Map.of("target", java.server.port()));
            awaitLines(of("mover", "connected"), 3);
            back = peer.matching(of("mover", "connected")).get(2);
            System.out.printf(
                    "[streams recovery] Node.js -> Java: back %d ms after the connection was cut%n",
                    (System.nanoTime() - started) / 1_000_000);
            assertThat(back.get("recovered").asBoolean()).as(back.toString()).isTrue();
            assertThat(back.get("connected").asText()).isEqualTo(sid);
            await().atMost(WAIT).until(() -> seq("mover").size() >= 9);
            assertThat(seq("mover")).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);

            // recovered with its rooms: still a member of "moving" on the Java node
            sendFromNode(9, "moving");
            await().atMost(WAIT).until(() -> seq("mover").size() == 10);
            fence(List.of("mover", "n-ws"));
            assertThat(seq("mover")).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            // every packet, live or replayed, came with its stream id, in the stream's order
            List<long[]> offsets = peer.events("mover", "seq").stream()
                    .map(e -> e.get("offset").asText().split("-"))
                    .map(parts -> new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])})
                    .toList();
            for (int i = 1; i < offsets.size(); i++) {
                long[] before = offsets.get(i - 1);
                long[] after = offsets.get(i);
                assertThat(after[0] > before[0] || (after[0] == before[0] && after[1] > before[1]))
                        .as("offset %d after offset %d", i, i - 1)
                        .isTrue();
            }
        } finally {
            peer.call("close", Map.of("name", "mover"));
            peer.call("emit", Map.of("name", "n-ws", "event", "leave", "args", List.of("moving")));
        }
    }
}
