package org.socketiooperator.node.mixed;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.socketiooperator.testsupport.JsonLinePeer;
import org.socketiooperator.testsupport.SharedRedis;

/**
 * {@code mixed-peer.js}: an official Node.js server, its clients and the official emitter in one process.
 * Every output line is kept, so a test can wait for one and also check that another never came.
 */
final class MixedPeer implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final JsonLinePeer peer;
    private final JsonNode ready;

    MixedPeer(String mode, String key, String subscriptionMode) {
        this.peer = JsonLinePeer.start(
                "mixed-peer.js",
                Map.of(),
                WAIT,
                line -> line.has("ready") || line.has("fatal"),
                SharedRedis.uri(),
                mode,
                key,
                subscriptionMode);
        this.ready = peer.await(line -> line.has("ready") || line.has("fatal"));
        if (ready.has("fatal")) {
            peer.close();
            throw new IllegalStateException(
                    "mixed-peer.js failed: " + ready.get("fatal").asText());
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
        return peer.call(cmd, fields, "done");
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
        return peer.await(match);
    }

    List<JsonNode> matching(Predicate<JsonNode> match) {
        return peer.matching(match);
    }

    @Override
    public void close() {
        peer.close();
    }
}
