package org.socketiooperator.nettysocketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.socketiooperator.testsupport.NodePeers;

/**
 * A Node.js script of {@code test-support/node-peers} that prints one JSON object per line. Every line is
 * kept, so a test can wait for one and also check afterwards that another never came. Commands are
 * JSON lines with {@code cmd} and {@code id}; {@link #call} waits for the line answering that id.
 */
final class JsonLinePeer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(15);

    private final NodePeers.Peer peer;
    private final String name;
    private final List<JsonNode> lines = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Thread reader;

    JsonLinePeer(String script, String... args) {
        this.name = script;
        this.peer = NodePeers.start(NodePeers.peersDir().resolve(script), Map.of(), args);
        this.reader = new Thread(this::pump, script + "-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void pump() {
        while (!Thread.currentThread().isInterrupted()) {
            String line;
            try {
                line = peer.await(l -> true, Duration.ofDays(1));
            } catch (AssertionError e) {
                return; // interrupted, or the process is gone
            }
            if (!line.startsWith("{")) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                continue;
            }
            synchronized (lines) {
                lines.add(node);
                lines.notifyAll();
            }
        }
    }

    /** Sends a command ({@code cmd}, a fresh {@code id}, the fields) and waits for the line with that id and {@code idField}. */
    JsonNode call(String cmd, Map<String, ?> fields, String idField) {
        int id = ids.incrementAndGet();
        send(cmd, id, fields);
        return await(line -> line.path("id").asInt(-1) == id && line.has(idField));
    }

    void send(String cmd, Object id, Map<String, ?> fields) {
        ObjectNode command = JSON.valueToTree(fields);
        command.put("cmd", cmd);
        command.putPOJO("id", id);
        peer.send(command.toString());
    }

    JsonNode await(Predicate<JsonNode> match) {
        return await(match, WAIT);
    }

    JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (JsonNode line : lines) {
                    if (match.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching line from " + name + " within " + timeout + " ("
                            + peer.state() + "); output:\n" + peer.history());
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

    String history() {
        return peer.history();
    }

    @Override
    public void close() {
        reader.interrupt();
        peer.close();
    }
}
