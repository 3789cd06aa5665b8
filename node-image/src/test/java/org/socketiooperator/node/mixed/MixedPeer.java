package org.socketiooperator.node.mixed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.socketiooperator.node.testing.JsClient;
import org.socketiooperator.testsupport.NodePeers;
import org.socketiooperator.testsupport.SharedRedis;

/**
 * {@code mixed-peer.js}: an official Node.js server, its clients and the official emitter in one process.
 * Every output line is kept, so a test can wait for one and also check that another never came.
 */
final class MixedPeer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final NodePeers.Peer peer;
    private final List<JsonNode> lines = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Thread reader;
    private final JsonNode ready;

    MixedPeer(String mode, String key, String subscriptionMode) {
        this.peer = NodePeers.start(
                NodePeers.peersDir().resolve("mixed-peer.js"),
                Map.of(),
                SharedRedis.uri(),
                mode,
                key,
                subscriptionMode);
        this.reader = new Thread(this::pump, "mixed-peer-reader");
        reader.setDaemon(true);
        reader.start();
        this.ready = await(line -> line.has("ready") || line.has("fatal"));
        if (ready.has("fatal")) {
            throw new IllegalStateException(
                    "mixed-peer.js failed: " + ready.get("fatal").asText());
        }
    }

    private void pump() {
        while (!Thread.currentThread().isInterrupted()) {
            String line;
            try {
                line = peer.await(l -> true, Duration.ofDays(1));
            } catch (AssertionError e) {
                return; // interrupted or the process is gone
            }
            JsonNode node = JsClient.parse(line);
            if (node != null) {
                synchronized (lines) {
                    lines.add(node);
                    lines.notifyAll();
                }
            }
        }
    }

    int port() {
        return ready.get("port").asInt();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Sends a command and waits for its answer; fails the test on an error answer. */
    JsonNode call(String cmd, Map<String, ?> fields) {
        JsonNode answer = callRaw(cmd, fields);
        if (answer.hasNonNull("error")) {
            throw new AssertionError(cmd + " failed: " + answer.get("error").asText());
        }
        return answer;
    }

    /** Sends a command and waits for its answer, whatever it is. */
    JsonNode callRaw(String cmd, Map<String, ?> fields) {
        int id = ids.incrementAndGet();
        ObjectNode command = JSON.valueToTree(fields);
        command.put("cmd", cmd).put("id", id);
        peer.send(command.toString());
        return await(line -> line.path("id").asInt(-1) == id && line.has("done"));
    }

    /** Connects a socket.io-client named {@code name}; {@code transports} null means the default (upgrade). */
    String connectClient(String name, String url, List<String> transports) {
        Map<String, Object> fields = new java.util.HashMap<>(Map.of("name", name, "url", url));
        if (transports != null) {
            fields.put("transports", transports);
        }
        return call("connect", fields).get("sid").asText();
    }

    JsonNode awaitEvent(String client, String event) {
        return await(line -> client.equals(line.path("client").asText())
                && event.equals(line.path("event").asText()));
    }

    List<JsonNode> events(String client, String event) {
        return matching(line -> client.equals(line.path("client").asText())
                && event.equals(line.path("event").asText()));
    }

    JsonNode await(Predicate<JsonNode> match) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (lines) {
            while (true) {
                for (JsonNode line : lines) {
                    if (match.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(
                            "no matching line from mixed-peer.js within " + WAIT + "; output:\n" + peer.history());
                }
                try {
                    lines.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    List<JsonNode> matching(Predicate<JsonNode> match) {
        synchronized (lines) {
            return lines.stream().filter(match).toList();
        }
    }

    @Override
    public void close() {
        reader.interrupt();
        peer.close();
    }
}
