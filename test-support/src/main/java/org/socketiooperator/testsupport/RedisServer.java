package org.socketiooperator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A redis-server process of a test's own on a loopback port: started with no persistence, stopped with
 * {@link #close()} (and at JVM exit, so a failed test leaves nothing running).
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final List<String> extraArgs;
    private final Path dir;
    private Process process;

    private RedisServer(int port, List<String> extraArgs) {
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
        try {
            this.dir = Files.createTempDirectory("redis-" + port + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a server on {@code port}; {@code extraArgs} are redis-server flags such as {@code --requirepass x}. */
    public static RedisServer start(int port, String... extraArgs) {
        RedisServer server = new RedisServer(port, List.of(extraArgs));
        server.startProcess();
        return server;
    }

    /**
     * Starts a server on a free loopback port, trying another port when the chosen one is taken between the
     * check and the bind (another build on the machine).
     */
    public static RedisServer startOnFreePort(String... extraArgs) {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return start(LoopbackPorts.free(), extraArgs);
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    /** Kills the process hard (no SHUTDOWN), like a crash; {@link #restart()} brings it back on the same port. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
            Ports.awaitClosed(port, Duration.ofSeconds(10));
            process = null;
        }
    }

    public void restart() {
        kill();
        startProcess();
    }

    /** Whether anything accepts connections on a loopback port now. */
    public static boolean isListening(int port) {
        return Ports.isOpen(port);
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        kill();
    }

    private void startProcess() {
        if (Ports.isOpen(port)) {
            // something else listens there: a redis-server that cannot bind would look started
            throw new IllegalStateException("port " + port + " is already taken");
        }
        List<String> command = new ArrayList<>(List.of(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString(),
                "--logfile",
                dir.resolve("redis.log").toString()));
        command.addAll(extraArgs);
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server (is it installed?)", e);
        }
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        if (!Ports.awaitOpen(port, Duration.ofSeconds(10), started)) {
            throw new IllegalStateException("redis-server did not start on port " + port + ": "
                    + Logs.tail(dir.resolve("redis.log")) + Logs.tail(dir.resolve("stdout.log")));
        }
    }

    private static void waitFor(Process process) {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Loopback port checks. */
    static final class Ports {

        private Ports() {}

        static boolean awaitOpen(int port, Duration timeout, Process process) {
            try {
                poll(timeout).until(() -> isOpen(port) || (process != null && !process.isAlive()));
            } catch (ConditionTimeoutException e) {
                return false;
            }
            return isOpen(port);
        }

        static void awaitClosed(int port, Duration timeout) {
            try {
                poll(timeout).until(() -> !isOpen(port));
            } catch (ConditionTimeoutException e) {
                // the caller goes on; a port still taken shows up as its next start's error
            }
        }

        // a port has no event to wait on: polled
        private static ConditionFactory poll(Duration timeout) {
            return Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20));
        }

        static boolean isOpen(int port) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** Last lines of a log, for start-up error messages. */
    static final class Logs {

        private Logs() {}

        static String tail(Path file) {
            try {
                List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }
    }
}
