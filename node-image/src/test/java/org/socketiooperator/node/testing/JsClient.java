package org.socketiooperator.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.socketiooperator.testsupport.JsonLinePeer;
import org.socketiooperator.testsupport.NodePeers;

/** The official socket.io-client in a Node.js process ({@code src/test/node/client.js}), driven line by line. */
public final class JsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final NodePeers.Peer peer;
    private final AtomicInteger seq = new AtomicInteger();

    private JsClient(NodePeers.Peer peer) {
        this.peer = peer;
    }

    /** Connects to {@code url} (which may end in a namespace) over the given transports. */
    public static JsClient connect(String url, String transports, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("URL", url);
        env.put("TRANSPORTS", transports);
        Path script = NodePeers.projectRoot().resolve("node-image/src/test/node/client.js");
        return new JsClient(NodePeers.start(script, env));
    }

    public static JsClient connect(String url) {
        return connect(url, "polling,websocket", Map.of());
    }

    /** Waits for the next line of this type that matches, discarding others. */
    public JsonNode await(String type, Predicate<JsonNode> match) {
        String line = peer.await(
                l -> {
                    JsonNode node = parse(l);
                    return node != null && type.equals(node.path("type").asText()) && match.test(node);
                },
                WAIT);
        return parse(line);
    }

    public JsonNode await(String type) {
        return await(type, n -> true);
    }

    public JsonNode awaitConnected() {
        return await("connect");
    }

    /** Emits and waits for the acknowledgement (or its timeout, as {@code type=ack-timeout}). */
    public JsonNode emitWithAck(String event, List<Object> args, long timeoutMs) {
        int n = seq.incrementAndGet();
        send(event, args, true, timeoutMs, n);
        return await2(n);
    }

    public void emit(String event, List<Object> args) {
        send(event, args, false, 0, seq.incrementAndGet());
    }

    private JsonNode await2(int n) {
        String line = peer.await(
                l -> {
                    JsonNode node = parse(l);
                    return node != null && node.path("seq").asInt(-1) == n;
                },
                WAIT);
        return parse(line);
    }

    private void send(String event, List<Object> args, boolean ack, long timeoutMs, int n) {
        ObjectNode cmd = JSON.createObjectNode();
        cmd.put("cmd", "emit")
                .put("event", event)
                .put("ack", ack)
                .put("timeoutMs", timeoutMs)
                .put("seq", n);
        cmd.set("args", JSON.valueToTree(args));
        peer.send(cmd.toString());
    }

    public String history() {
        return peer.history();
    }

    /** One JSON line of a Node peer's output, or null for anything else (logs, partial lines). */
    public static JsonNode parse(String line) {
        return JsonLinePeer.parse(line);
    }

    @Override
    public void close() {
        peer.close();
    }
}
