package org.socketiooperator.e2e;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.socketiooperator.testsupport.NodePeers;

/**
 * Real socket.io-client 4.x clients (e2e/clients/e2e-clients.js), one per URL, driven line by line.
 * Expectations look at the whole output after a mark, so lines about other clients are never lost.
 */
final class ClientPeers implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final NodePeers.Peer peer;

    private ClientPeers(NodePeers.Peer peer) {
        this.peer = peer;
    }

    static Path script(String name) {
        return NodePeers.projectRoot().resolve("e2e/clients").resolve(name);
    }

    static ClientPeers connect(List<String> urls) {
        ClientPeers clients =
                new ClientPeers(NodePeers.start(script("e2e-clients.js"), Map.of(), urls.toArray(String[]::new)));
        for (int i = 0; i < urls.size(); i++) {
            clients.awaitConnected(i, 0);
        }
        return clients;
    }

    /** How many lines the clients printed so far; later expectations can start from here. */
    int mark() {
        return lines().size();
    }

    void awaitConnected(int client, int fromMark) {
        awaitLine(fromMark, line -> line.startsWith("{\"event\":\"connected\",\"client\":" + client + ","));
    }

    void awaitDisconnected(int client, int fromMark) {
        awaitLine(fromMark, line -> line.startsWith("{\"event\":\"disconnected\",\"client\":" + client + ","));
    }

    /**
     * Waits until {@code client} lost its connection after {@code fromMark} and is connected again now
     * (its latest connection line says connected).
     */
    void awaitReconnected(int client, int fromMark) {
        String connected = "{\"event\":\"connected\",\"client\":" + client + ",";
        String disconnected = "{\"event\":\"disconnected\",\"client\":" + client + ",";
        awaitDisconnected(client, fromMark);
        try {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
                List<String> lines = lines();
                List<String> after = lines.subList(Math.min(fromMark, lines.size()), lines.size());
                int lastUp = lastIndexStartingWith(after, connected);
                return lastUp > lastIndexStartingWith(after, disconnected);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("client " + client + " did not reconnect; output:\n" + peer.history(), e);
        }
    }

    private static int lastIndexStartingWith(List<String> lines, String prefix) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    void join(int client, String room) {
        int mark = mark();
        peer.send("{\"cmd\":\"join\",\"client\":" + client + ",\"room\":\"" + room + "\"}");
        awaitAck(client, "join", mark);
    }

    void publish(int client, String room, String event, String text) {
        int mark = mark();
        peer.send("{\"cmd\":\"publish\",\"client\":" + client + ",\"room\":\"" + room + "\",\"event\":\"" + event
                + "\",\"args\":[\"" + text + "\"]}");
        awaitAck(client, "publish", mark);
    }

    /** Waits until {@code client} received {@code event} carrying {@code text} (texts are unique per test). */
    void awaitReceived(int client, String event, String text) {
        awaitLine(
                0,
                line -> line.startsWith("{\"event\":\"received\",\"client\":" + client + ",")
                        && line.contains("\"name\":\"" + event + "\"")
                        && line.contains("\"" + text + "\""));
    }

    private void awaitAck(int client, String command, int fromMark) {
        String ack = awaitLine(
                fromMark,
                line -> line.startsWith("{\"event\":\"ack\",\"client\":" + client + ",\"cmd\":\"" + command + "\""));
        if (ack.contains("\"error\"")) {
            throw new AssertionError(command + " was refused: " + ack + "\n" + peer.history());
        }
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

    private List<String> lines() {
        String history = peer.history();
        return history.isEmpty() ? List.of() : List.of(history.split("\n"));
    }

    @Override
    public void close() {
        peer.close();
    }

    /** One broadcast through the official @socket.io/redis-emitter (classic channels only). */
    static void emit(String redisUrl, String room, String event, String text) {
        try (NodePeers.Peer emitter =
                NodePeers.start(script("e2e-emitter.js"), Map.of(), redisUrl, room, event, "\"" + text + "\"")) {
            emitter.awaitContaining("\"event\":\"emitted\"", TIMEOUT);
        }
    }
}
