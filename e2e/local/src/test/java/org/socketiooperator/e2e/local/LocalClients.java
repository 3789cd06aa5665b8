package org.socketiooperator.e2e.local;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.socketiooperator.testsupport.NodePeers;

/**
 * Official socket.io-client processes (e2e/local/clients/local-clients.js), each client on its own loopback
 * address ({@link #address}), driven by JSON lines. Expectations read the whole output after a mark, so lines
 * about other clients are never lost.
 */
final class LocalClients implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    /** One client: its id, the loopback address it binds, the rooms it joins after every connect. */
    record Spec(int id, String address, List<String> rooms) {
        static Spec of(int id, String... rooms) {
            return new Spec(id, LocalClients.address(id), List.of(rooms));
        }
    }

    private final NodePeers.Peer peer;
    private final AtomicInteger requests = new AtomicInteger();

    private LocalClients(NodePeers.Peer peer) {
        this.peer = peer;
    }

    /** 127.0.1.1, 127.0.1.2, ... : a client address of its own for client {@code id} (up to 62,500 of them). */
    static String address(int id) {
        return "127.0." + (1 + id / 250) + "." + (1 + id % 250);
    }

    static Path script(String name) {
        return NodePeers.projectRoot().resolve("e2e/local/clients").resolve(name);
    }

    /** Starts the clients against the Service at {@code service}; they connect and join in the background. */
    static LocalClients start(InetSocketAddress service, List<Spec> clients, boolean verbose) {
        LocalClients driver = new LocalClients(NodePeers.start(script("local-clients.js"), Map.of()));
        driver.peer.awaitContaining("\"event\":\"started\"", TIMEOUT);
        ObjectNode connect = JSON.createObjectNode()
                .put("cmd", "connect")
                .put("url", "http://" + service.getHostString() + ":" + service.getPort())
                .put("verbose", verbose);
        ArrayNode specs = connect.putArray("clients");
        for (Spec spec : clients) {
            ObjectNode node = specs.addObject().put("id", spec.id()).put("address", spec.address());
            spec.rooms().forEach(node.putArray("rooms")::add);
        }
        driver.send(connect);
        return driver;
    }

    /** How many lines the clients printed so far; later expectations can start from here. */
    int mark() {
        return lines().size();
    }

    void awaitJoined(int client, int fromMark) {
        awaitLine(fromMark, line -> line.startsWith("{\"event\":\"joined\",\"client\":" + client + ","));
    }

    /** Waits until every client is connected and in its rooms. */
    void awaitAllJoined(int count, Duration timeout) {
        try {
            await().atMost(timeout)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> status().path("joined").asInt() == count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not all " + count + " clients joined: " + status(), e);
        }
    }

    /** {@code {clients, connected, joined}} now. */
    JsonNode status() {
        int req = requests.incrementAndGet();
        send(JSON.createObjectNode().put("cmd", "status").put("req", req));
        return parse(peer.await(line -> line.startsWith("{\"event\":\"status\",\"req\":" + req + ","), TIMEOUT));
    }

    /** Every client's record: connects, joined intervals, what it received and published (see the script). */
    JsonNode report() {
        int req = requests.incrementAndGet();
        send(JSON.createObjectNode().put("cmd", "report").put("req", req));
        return parse(peer.await(line -> line.startsWith("{\"event\":\"report\",\"req\":" + req + ","), TIMEOUT))
                .path("clients");
    }

    void join(int client, String room) {
        int mark = mark();
        send(JSON.createObjectNode().put("cmd", "join").put("client", client).put("room", room));
        awaitAck(client, "join", mark);
    }

    void publish(int client, String room, String event, String text) {
        int mark = mark();
        ObjectNode command = JSON.createObjectNode()
                .put("cmd", "publish")
                .put("client", client)
                .put("room", room)
                .put("event", event);
        command.putArray("args").add(text);
        send(command);
        JsonNode ack = awaitAck(client, "publish", mark);
        if (!ack.path("result").path("ok").asBoolean()) {
            throw new AssertionError("publish was not acknowledged with ok: " + ack);
        }
    }

    /** Each joined client publishes {from, seq, t} to its first room, {@code ratePerClient} times a second. */
    /** Reconnections so far whose session connection state recovery restored ({@code true}) or not. */
    long recoveredConnects(boolean recovered) {
        return status().path(recovered ? "recovered" : "notRecovered").asLong();
    }

    void startLoad(double ratePerClient) {
        send(JSON.createObjectNode().put("cmd", "load").put("event", "load").put("ratePerClient", ratePerClient));
        peer.awaitContaining("\"event\":\"load_started\"", TIMEOUT);
    }

    void stopLoad() {
        send(JSON.createObjectNode().put("cmd", "stop-load"));
        peer.awaitContaining("\"event\":\"load_stopped\"", TIMEOUT);
    }

    /** Waits until {@code client} received {@code event} carrying {@code text} (texts are unique per test). */
    void awaitReceived(int client, String event, String text) {
        awaitLine(0, line -> received(line, client, event, text));
    }

    boolean hasReceived(int client, String event, String text) {
        return lines().stream().anyMatch(line -> received(line, client, event, text));
    }

    private static boolean received(String line, int client, String event, String text) {
        return line.startsWith("{\"event\":\"received\",\"client\":" + client + ",")
                && line.contains("\"name\":\"" + event + "\"")
                && line.contains("\"" + text + "\"");
    }

    private JsonNode awaitAck(int client, String command, int fromMark) {
        JsonNode ack = parse(awaitLine(
                fromMark,
                line -> line.startsWith("{\"event\":\"ack\",\"client\":" + client + ",\"cmd\":\"" + command + "\"")));
        if (ack.path("result").has("error")) {
            throw new AssertionError(command + " was refused: " + ack + "\n" + peer.history());
        }
        return ack;
    }

    private String awaitLine(int fromMark, Predicate<String> match) {
        try {
            return await().atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () -> {
                                List<String> lines = lines();
                                return lines.subList(Math.min(fromMark, lines.size()), lines.size()).stream()
                                        .filter(match)
                                        .findFirst()
                                        .orElse(null);
                            },
                            line -> line != null);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "the clients printed no expected line within " + TIMEOUT + "; output:\n" + peer.history(), e);
        }
    }

    List<String> lines() {
        String history = peer.history();
        return history.isEmpty() ? List.of() : new ArrayList<>(List.of(history.split("\n")));
    }

    String history() {
        return peer.history();
    }

    private void send(JsonNode command) {
        peer.send(command.toString());
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        peer.close();
    }

    /** One broadcast through the official @socket.io/redis-emitter (e2e/clients/e2e-emitter.js, classic only). */
    static void emitWithOfficialEmitter(String redisUrl, String room, String event, String text) {
        Path script = NodePeers.projectRoot().resolve("e2e/clients/e2e-emitter.js");
        try (NodePeers.Peer emitter = NodePeers.start(script, Map.of(), redisUrl, room, event, "\"" + text + "\"")) {
            emitter.awaitContaining("\"event\":\"emitted\"", TIMEOUT);
        }
    }
}
