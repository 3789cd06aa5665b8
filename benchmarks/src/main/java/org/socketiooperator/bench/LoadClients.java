package org.socketiooperator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.socketiooperator.testsupport.NodePeers;

/** Raw Engine.IO WebSocket clients in one Node.js process ({@code bench-clients.js}). */
public final class LoadClients implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodePeers.Peer peer;

    private LoadClients(NodePeers.Peer peer) {
        this.peer = peer;
    }

    /** Opens {@code count} clients spread over the servers; with a room, each joins it. */
    public static LoadClients open(int count, String room, List<? extends BenchServer> servers) {
        List<String> args = new ArrayList<>(List.of(Integer.toString(count), room == null ? "-" : room));
        servers.forEach(s -> args.add(s.websocketUrl()));
        return new LoadClients(NodePeers.start(NodePeers.peersDir().resolve("bench-clients.js"), Map.of(),
                args.toArray(String[]::new)));
    }

    /** Waits until every client is connected (and joined); returns the seconds it took. */
    public double awaitReady(Duration timeout) {
        long start = System.nanoTime();
        peer.await(line -> {
            if (line.contains("\"error\"")) {
                throw new IllegalStateException("a client failed: " + line);
            }
            return line.contains("\"ready\"");
        }, timeout);
        return (System.nanoTime() - start) / 1e9;
    }

    /** Publishes {@code count} ticks to the room, {@code window} in flight at most, and returns the report. */
    public JsonNode publish(int count, int window) throws Exception {
        peer.send("publish " + count + " " + window);
        return JSON.readTree(peer.awaitContaining("\"report\"", Duration.ofSeconds(90)));
    }

    @Override
    public void close() {
        if (peer.isAlive()) {
            peer.send("quit");
        }
        peer.close();
    }
}
