package org.socketiooperator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.socketiooperator.testsupport.NodePeers;

/**
 * Clients in one Node.js process ({@code bench-clients.js}): raw Engine.IO WebSocket clients (idle load), or
 * official socket.io-client clients with their default options that time the ticks a publisher sends.
 */
public final class LoadClients implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodePeers.Peer peer;
    private long pid;

    private LoadClients(NodePeers.Peer peer) {
        this.peer = peer;
    }

    /** Opens {@code count} raw clients spread over the servers; with a room, each joins it. */
    public static LoadClients open(int count, String room, List<? extends BenchServer> servers) {
        List<String> args = new ArrayList<>(List.of(Integer.toString(count), room == null ? "-" : room));
        servers.forEach(s -> args.add(s.websocketUrl()));
        return new LoadClients(NodePeers.start(
                NodePeers.peersDir().resolve("bench-clients.js"), Map.of(), args.toArray(String[]::new)));
    }

    /**
     * Opens {@code count} official socket.io-client clients (default options; {@code polling} keeps them on
     * long-polling) spread over the servers, each joining {@code room}.
     */
    public static LoadClients openOfficial(
            int count, String room, String transport, List<? extends BenchServer> servers) {
        List<String> args = new ArrayList<>(List.of(Integer.toString(count), room));
        servers.forEach(s -> args.add(s.httpUrl()));
        return new LoadClients(NodePeers.start(
                NodePeers.peersDir().resolve("bench-clients.js"),
                Map.of("CLIENT", "official", "TRANSPORTS", transport),
                args.toArray(String[]::new)));
    }

    /** Waits until every client is connected (and joined); returns the seconds it took. */
    public double awaitReady(Duration timeout) throws Exception {
        long start = System.nanoTime();
        String ready = peer.await(
                line -> {
                    if (line.contains("\"error\"")) {
                        throw new IllegalStateException("a client failed: " + line);
                    }
                    return line.contains("\"ready\"");
                },
                timeout);
        pid = JSON.readTree(ready).path("pid").asLong();
        return (System.nanoTime() - start) / 1e9;
    }

    /** The client process's id (known once {@link #awaitReady} returned). */
    public long pid() {
        return pid;
    }

    /** Tells the clients about phase {@code id}: sequence numbers below {@code capacity}, the lateness deadline. */
    public void startPhase(int id, int capacity, long deadlineMillis) {
        peer.send("phase " + id + " " + capacity + " " + deadlineMillis);
        peer.awaitContaining("{\"type\":\"phase\",\"phase\":" + id + "}", Duration.ofSeconds(30));
    }

    /** Asks for the report of phase {@code id}: when every client got {@code expected} ticks, or at the time given. */
    public void requestReport(int id, int expected, long untilEpochMillis) {
        peer.send("report " + id + " " + expected + " " + untilEpochMillis);
    }

    /** Waits for the report {@link #requestReport} asked for. */
    public JsonNode awaitReport(int id, Duration timeout) throws Exception {
        return JSON.readTree(peer.awaitContaining("{\"type\":\"report\",\"phase\":" + id + ",", timeout));
    }

    @Override
    public void close() {
        if (peer.isAlive()) {
            peer.send("quit");
        }
        peer.close();
    }
}
