package org.socketiooperator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.socketiooperator.testsupport.NodePeers;

/**
 * Publishes ticks to one room of several clusters with the official packages ({@code bench-publisher.js}):
 * the official @socket.io/redis-emitter in classic mode, an official Node.js server's
 * {@code io.to(room).emit} over createShardedAdapter in sharded mode (the emitter has no sharded mode).
 */
final class Publisher implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodePeers.Peer peer;
    private final long pid;

    private Publisher(NodePeers.Peer peer, long pid) {
        this.peer = peer;
        this.pid = pid;
    }

    static Publisher start(String redisUrl, String mode, String room, List<String> keys) throws Exception {
        NodePeers.Peer peer = NodePeers.start(
                NodePeers.peersDir().resolve("bench-publisher.js"),
                Map.of("REDIS_URL", redisUrl, "MODE", mode, "ROOM", room, "TARGETS", String.join(",", keys)));
        JsonNode ready = JSON.readTree(peer.awaitContaining("\"ready\"", Duration.ofSeconds(30)));
        return new Publisher(peer, ready.get("pid").asLong());
    }

    long pid() {
        return pid;
    }

    /** Publishes rate * seconds ticks of {@code size} bytes to every cluster; returns the "sent" line. */
    JsonNode run(int phase, int rate, double seconds, int size) throws Exception {
        peer.send("run " + phase + " " + rate + " " + seconds + " " + size);
        return JSON.readTree(peer.awaitContaining(
                "{\"type\":\"sent\",\"phase\":" + phase + ",",
                Duration.ofMillis((long) (seconds * 1000) * 3 + 30_000)));
    }

    @Override
    public void close() {
        if (peer.isAlive()) {
            peer.send("quit");
        }
        peer.close();
    }
}
