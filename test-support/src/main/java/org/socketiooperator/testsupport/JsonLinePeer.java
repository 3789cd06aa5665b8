package org.socketiooperator.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A Node.js peer script that answers JSON lines: commands go to its stdin as {@code {"cmd":..,"id":..}}, every JSON
 * line it prints is kept for the test to wait on (other lines are only kept in the output history).
 *
 * <p>Two bounds: {@link #START} for the script's first line, {@code wait} for every answer after it. A start is
 * given more time because loading the official packages is the one CPU-heavy step of a peer, and a build
 * compiling beside the test can starve it for many seconds; a peer that dies is reported at once, not when a bound
 * runs out.
 */
public final class JsonLinePeer implements AutoCloseable {

    /** How long a script may take to print its first line (its "ready"). */
    public static final Duration START = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Duration wait;
    private final NodePeers.Peer peer;
    private final List<JsonNode> lines = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Thread reader;
    private boolean ended;

    private JsonLinePeer(Path script, Map<String, String> env, Duration wait, String... args) {
        this.name = script.getFileName().toString();
        this.wait = wait;
        this.peer = NodePeers.start(script, env, args);
        this.reader = new Thread(this::pump, name + "-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code test-support/node-peers/<script>} and waits up to {@link #START} for the line {@code started}
     * accepts; fails (and stops the script) when it does not come or the script exits first.
     */
    public static JsonLinePeer start(
            String script, Map<String, String> env, Duration wait, Predicate<JsonNode> started, String... args) {
        JsonLinePeer peer = new JsonLinePeer(NodePeers.peersDir().resolve(script), env, wait, args);
        try {
            peer.await(started, START);
            return peer;
        } catch (RuntimeException | AssertionError e) {
            peer.close();
            throw e;
        }
    }

    private void pump() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                String line;
                try {
                    line = peer.await(l -> true, Duration.ofDays(1));
                } catch (AssertionError e) {
                    return; // interrupted, or the process is gone
                }
                JsonNode node = parse(line);
                if (node != null) {
                    synchronized (lines) {
                        lines.add(node);
                        lines.notifyAll();
                    }
                }
            }
        } finally {
            synchronized (lines) {
                ended = true;
                lines.notifyAll();
            }
        }
    }

    /** The line as JSON, or null when it is not a JSON object. */
    public static JsonNode parse(String line) {
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Sends a command ({@code cmd}, a fresh {@code id}, the fields) and waits for the line with that id and {@code idField}. */
    public JsonNode call(String cmd, Map<String, ?> fields, String idField) {
        int id = ids.incrementAndGet();
        send(cmd, id, fields);
        return await(line -> line.path("id").asInt(-1) == id && line.has(idField));
    }

    public void send(String cmd, Object id, Map<String, ?> fields) {
        ObjectNode command = JSON.valueToTree(fields);
        command.put("cmd", cmd);
        command.putPOJO("id", id);
        peer.send(command.toString());
    }

    /** The first line, among all printed so far and those to come, that matches; within the peer's wait. */
    public JsonNode await(Predicate<JsonNode> match) {
        return await(match, wait);
    }

    public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (JsonNode line : lines) {
                    if (match.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError("no matching line from " + name
                            + (ended ? " before its output ended" : " within " + timeout) + " (" + peer.state()
                            + "); output:\n" + peer.history());
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

    public List<JsonNode> matching(Predicate<JsonNode> match) {
        synchronized (lines) {
            return lines.stream().filter(match).toList();
        }
    }

    public String history() {
        return peer.history();
    }

    @Override
    public void close() {
        reader.interrupt();
        peer.close();
    }
}
