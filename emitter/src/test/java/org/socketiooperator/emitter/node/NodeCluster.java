package org.socketiooperator.emitter.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.socketiooperator.testsupport.NodePeers;

/**
 * Two official socket.io servers with four real socket.io-client clients ({@code emitter-cluster.js}):
 * c1, c2 on server A and c3 on server B in {@code /}, c4 on server B in {@code /custom}. Every line the
 * script prints is kept, so a test can ask what each client received.
 */
final class NodeCluster implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final List<String> ROOT_CLIENTS = List.of("c1", "c2", "c3");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final NodePeers.Peer peer;
    private final List<JsonNode> received = new ArrayList<>();
    private Map<String, String> ids = new HashMap<>();
    private int seq;

    private NodeCluster(NodePeers.Peer peer) {
        this.peer = peer;
    }

    static NodeCluster start(Map<String, String> env) {
        NodeCluster cluster =
                new NodeCluster(NodePeers.start(NodePeers.peersDir().resolve("emitter-cluster.js"), env));
        try {
            cluster.ids = cluster.idsOf(
                    cluster.awaitLine(line -> line.path("type").asText().equals("ready")));
            return cluster;
        } catch (RuntimeException | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    /** Socket id of each client (c1..c4). */
    Map<String, String> ids() {
        return ids;
    }

    String id(String client) {
        return ids.get(client);
    }

    /** The rooms of each client's server-side socket, its own id left out; null for a disconnected client. */
    Map<String, Set<String>> rooms() {
        JsonNode reply = request("rooms", "rooms");
        Map<String, Set<String>> rooms = new LinkedHashMap<>();
        reply.path("rooms").fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                rooms.put(e.getKey(), null);
            } else {
                Set<String> names = new TreeSet<>();
                e.getValue().forEach(n -> names.add(n.asText()));
                rooms.put(e.getKey(), names);
            }
        });
        return rooms;
    }

    /** Makes a client's server-side socket join a room, then waits until its channel is subscribed. */
    void join(String client, String room) {
        request("join " + client + " " + room, "joined");
    }

    /** Reconnects every disconnected client (they get new ids). */
    void reconnect() {
        ids = idsOf(request("reconnect", "ready"));
    }

    /** Cuts a client's transport as a network failure would, and waits until its server let the socket go. */
    void drop(String client) {
        request("drop " + client, "dropped");
    }

    /** Connects a dropped client's socket again, with its session id and last offset; the peer's reply. */
    JsonNode recover(String client) {
        return request("recover " + client, "recovered");
    }

    /** Clients that received {@code event} with {@code firstArg} as first argument so far. */
    synchronized Set<String> receiversOf(String event, String firstArg) {
        Set<String> clients = new TreeSet<>();
        for (JsonNode line : received) {
            if (line.path("type").asText().equals("event")
                    && line.path("event").asText().equals(event)
                    && line.path("args").path(0).asText().equals(firstArg)) {
                clients.add(line.path("client").asText());
            }
        }
        return clients;
    }

    /** The arguments of the first {@code event} a client received, waiting for it. */
    JsonNode awaitEvent(String client, String event) {
        return awaitLine(line -> line.path("type").asText().equals("event")
                        && line.path("client").asText().equals(client)
                        && line.path("event").asText().equals(event))
                .path("args");
    }

    /** Waits until each of {@code clients} received {@code event} with {@code firstArg}. */
    void awaitReceived(String event, String firstArg, List<String> clients) {
        for (String client : clients) {
            awaitLine(line -> line.path("type").asText().equals("event")
                    && line.path("client").asText().equals(client)
                    && line.path("event").asText().equals(event)
                    && line.path("args").path(0).asText().equals(firstArg));
        }
    }

    /** Waits until a client's connection was closed by the server. */
    void awaitDisconnect(String client) {
        awaitLine(line -> line.path("type").asText().equals("disconnect")
                && line.path("client").asText().equals(client));
    }

    synchronized Set<String> disconnected() {
        Set<String> clients = new TreeSet<>();
        for (JsonNode line : received) {
            if (line.path("type").asText().equals("disconnect")) {
                clients.add(line.path("client").asText());
            }
        }
        return clients;
    }

    /** Server-side {@code hello} listener calls: server name to arguments. */
    JsonNode awaitServerSide(String server) {
        return awaitLine(line -> line.path("type").asText().equals("server-side")
                        && line.path("server").asText().equals(server))
                .path("args");
    }

    /** Forgets what was received so far (the next test starts from a clean record). */
    synchronized void clearReceived() {
        received.clear();
    }

    private JsonNode request(String command, String replyType) {
        String id = Integer.toString(++seq);
        String[] parts = command.split(" ", 2);
        peer.send(parts[0] + " " + id + (parts.length > 1 ? " " + parts[1] : ""));
        return awaitLine(line -> line.path("type").asText().equals(replyType)
                && line.path("seq").asText().equals(id));
    }

    private JsonNode awaitLine(Predicate<JsonNode> match) {
        // the peer only hands lines to the predicate: keep every line here, then look for the match
        synchronized (this) {
            for (JsonNode line : received) {
                if (match.test(line)) {
                    return line;
                }
            }
        }
        JsonNode[] found = new JsonNode[1];
        peer.await(
                text -> {
                    JsonNode line = parse(text);
                    if (line == null) {
                        return false;
                    }
                    if (line.path("type").asText().equals("error")) {
                        throw new AssertionError(
                                "node peer error: " + line.path("message").asText());
                    }
                    synchronized (this) {
                        received.add(line);
                    }
                    if (match.test(line)) {
                        found[0] = line;
                        return true;
                    }
                    return false;
                },
                TIMEOUT);
        return found[0];
    }

    private Map<String, String> idsOf(JsonNode ready) {
        Map<String, String> result = new HashMap<>();
        ready.path("clients")
                .fields()
                .forEachRemaining(
                        e -> result.put(e.getKey(), e.getValue().path("id").asText()));
        return result;
    }

    private static JsonNode parse(String text) {
        if (!text.startsWith("{")) {
            return null; // stray output (warnings) is not part of the conversation
        }
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable node peer line: " + text, e);
        }
    }

    @Override
    public void close() {
        peer.close();
    }
}
