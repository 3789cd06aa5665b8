package org.socketiooperator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs Node.js scripts that use the official Socket.IO packages installed in
 * {@code test-support/node-peers} (run {@code npm ci} there first; {@code .ci/run} does).
 * A peer script talks to the test through lines on stdout (one JSON object per line is the habit)
 * and reads commands from stdin.
 */
public final class NodePeers {

    private NodePeers() {}

    /** The project root, from the {@code project.root} system property the build sets, or by walking up. */
    public static Path projectRoot() {
        String property = System.getProperty("project.root");
        if (property != null && !property.isBlank()) {
            return Paths.get(property).toAbsolutePath();
        }
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("test-support/node-peers/package.json"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the project root (test-support/node-peers)");
        }
        return dir;
    }

    public static Path peersDir() {
        return projectRoot().resolve("test-support/node-peers");
    }

    /** Fails with a clear message when {@code npm ci} has not been run. */
    public static void requireInstalled() {
        if (!Files.isDirectory(peersDir().resolve("node_modules/socket.io"))) {
            throw new IllegalStateException("Node.js peers are not installed: run 'npm ci' in " + peersDir());
        }
    }

    /** Starts {@code node <script> args...} with the peers' node_modules on the module path. */
    public static Peer start(Path script, Map<String, String> env, String... args) {
        requireInstalled();
        List<String> command =
                new ArrayList<>(List.of("node", script.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment()
                .put("NODE_PATH", peersDir().resolve("node_modules").toString());
        builder.environment().putAll(env);
        try {
            return new Peer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node", e);
        }
    }

    /** A running Node.js process; its output lines are queued for the test to wait on. */
    public static final class Peer implements AutoCloseable {

        private final Process process;
        private final ProcessOutput output;

        Peer(Process process) {
            this.process = process;
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            this.output = new ProcessOutput(process, "node peer");
        }

        /** Sends one line to the script's stdin. */
        public void send(String line) {
            try {
                process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
                process.getOutputStream().flush();
            } catch (IOException e) {
                throw new UncheckedIOException("node peer is gone: " + history(), e);
            }
        }

        /** Waits for the next output line that matches, discarding the others. */
        public String await(Predicate<String> match, Duration timeout) {
            return output.await(match, timeout);
        }

        public String awaitContaining(String text, Duration timeout) {
            return await(line -> line.contains(text), timeout);
        }

        public String history() {
            return output.history();
        }

        /** The node process's id (for its CPU time in /proc). */
        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** For failure messages: alive or its exit code, its age and CPU time (a slow start from a hung one). */
        public String state() {
            ProcessHandle.Info info = process.info();
            String status = process.isAlive() ? "alive" : "exited with " + process.exitValue();
            String age = info.startInstant()
                    .map(start -> Duration.between(start, Instant.now()).toMillis() + " ms old")
                    .orElse("age unknown");
            String cpu = info.totalCpuDuration()
                    .map(d -> d.toMillis() + " ms of CPU")
                    .orElse("CPU time unknown");
            return "pid " + process.pid() + ", " + status + ", " + age + ", " + cpu;
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
