package org.socketiooperator.server.it;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.socketiooperator.testsupport.NodePeers;

/**
 * One Node.js process running many official {@code socket.io-client} sockets, driven by JSON lines
 * ({@code test-support/node-peers/client-driver.js}). Binary travels as {@code {"$bin": base64}}.
 */
final class JsClients implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final NodePeers.Peer peer;
    private final List<String> backlog = new ArrayList<>();

    JsClients() {
        peer = NodePeers.start(NodePeers.peersDir().resolve("client-driver.js"), Map.of());
        peer.awaitContaining("\"ready\"", Duration.ofSeconds(20));
    }

    static String newId() {
        return "c" + IDS.incrementAndGet();
    }

    void send(Map<String, Object> command) {
        try {
            peer.send(JSON.writeValueAsString(toJson(command)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the next line of this client with this type. */
    Map<String, Object> await(String id, String type) {
        String line = awaitLine(l -> l.contains("\"id\":\"" + id + "\"") && l.contains("\"type\":\"" + type + "\"")
                || l.contains("driver-error"));
        Map<String, Object> map = parse(line);
        if ("driver-error".equals(map.get("type"))) {
            throw new AssertionError("client driver failed: " + map.get("message"));
        }
        return map;
    }

    /** Waits for an event by name for this client. */
    Map<String, Object> awaitEvent(String id, String event) {
        String line = awaitLine(l -> l.contains("\"id\":\"" + id + "\"")
                && l.contains("\"type\":\"event\"")
                && l.contains("\"event\":\"" + event + "\""));
        return parse(line);
    }

    Map<String, Object> connect(String id, String url, Map<String, Object> opts) {
        send(Map.of("cmd", "connect", "id", id, "url", url, "opts", opts));
        return await(id, "connect");
    }

    void connectNoWait(String id, String url, Map<String, Object> opts) {
        send(Map.of("cmd", "connect", "id", id, "url", url, "opts", opts));
    }

    /** Adds a listener on the client and returns once the driver has it in place. */
    void listen(String id, String event, List<Object> ackWith) {
        String ref = newId();
        Map<String, Object> cmd = new LinkedHashMap<>(Map.of("cmd", "listen", "id", id, "event", event, "ref", ref));
        if (ackWith != null) {
            cmd.put("ackWith", ackWith);
        }
        send(cmd);
        awaitLine(l -> l.contains("\"ref\":\"" + ref + "\""));
    }

    void emit(String id, String event, Object... args) {
        send(Map.of("cmd", "emit", "id", id, "event", event, "args", List.of(args)));
    }

    Map<String, Object> emitWithAck(String id, String event, Object... args) {
        String ref = newId();
        send(Map.of("cmd", "emit", "id", id, "event", event, "args", List.of(args), "ack", true, "ref", ref));
        return parse(awaitLine(l -> l.contains("\"ref\":\"" + ref + "\"")));
    }

    /** The first line, earlier ones included, that matches; lines skipped while waiting stay for later calls. */
    synchronized String awaitLine(java.util.function.Predicate<String> match) {
        for (java.util.Iterator<String> it = backlog.iterator(); it.hasNext(); ) {
            String line = it.next();
            if (match.test(line)) {
                it.remove();
                return line;
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (left.isNegative() || left.isZero()) {
                throw new AssertionError("no matching line within " + WAIT + "; output:\n" + peer.history());
            }
            String line = peer.await(l -> true, left);
            if (match.test(line)) {
                return line;
            }
            backlog.add(line);
        }
    }

    /** True when a matching line arrived already (consumes it). */
    synchronized boolean seen(java.util.function.Predicate<String> match) {
        return backlog.removeIf(match);
    }

    void disconnect(String id) {
        send(Map.of("cmd", "disconnect", "id", id));
    }

    /** Closes the client's Engine.IO connection, as a network failure would ("transport close"). */
    void closeTransport(String id) {
        send(Map.of("cmd", "close", "id", id));
    }

    /** Connects a closed client again; it presents its private session id and last offset, if any. */
    Map<String, Object> reconnect(String id) {
        send(Map.of("cmd", "reconnect", "id", id));
        return await(id, "connect");
    }

    String transport(String id) {
        send(Map.of("cmd", "transport", "id", id));
        return (String) await(id, "transport").get("transport");
    }

    String history() {
        return peer.history();
    }

    @Override
    public void close() {
        peer.close();
    }

    // ---- binary in JSON lines ----

    static Map<String, Object> bin(byte[] bytes) {
        return Map.of("$bin", Base64.getEncoder().encodeToString(bytes));
    }

    @SuppressWarnings("unchecked")
    static Object toJson(Object value) {
        if (value instanceof byte[] bytes) {
            return bin(bytes);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, toJson(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(toJson(v)));
            return out;
        }
        return value;
    }

    /** Turns {@code {"$bin": ...}} back into byte[]. */
    static Object fromJson(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get("$bin") instanceof String b64) {
                return Base64.getDecoder().decode(b64);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, fromJson(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(fromJson(v)));
            return out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String line) {
        try {
            return (Map<String, Object>) fromJson(JSON.readValue(line, new TypeReference<Map<String, Object>>() {}));
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
