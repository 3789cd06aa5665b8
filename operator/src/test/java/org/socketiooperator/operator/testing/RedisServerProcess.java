package org.socketiooperator.operator.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A redis-server of the test's own on a loopback port, stopped on close and at JVM exit. */
public final class RedisServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Thread shutdownHook;

    private RedisServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        this.shutdownHook = new Thread(process::destroyForcibly, "stop-redis-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static RedisServerProcess start(int port, String... extraArgs) throws IOException {
        if (accepts(port)) {
            throw new IllegalStateException("port " + port + " is already in use; a redis-server from an earlier run?");
        }
        Path dir = Files.createTempDirectory("redis-" + port);
        List<String> command = new ArrayList<>(List.of(
                "redis-server",
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString()));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        RedisServerProcess server = new RedisServerProcess(process, port);
        try {
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || accepts(port));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    "redis-server on " + port + " exited: " + Files.readString(dir.resolve("redis.log")));
        }
        return server;
    }

    public int port() {
        return port;
    }

    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway
        }
    }
}
