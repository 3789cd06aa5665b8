package org.socketiooperator.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The runnable node jar as a JVM of its own ({@code -Xmx512m}), as a pod runs it. */
public final class JavaNodeServer implements BenchServer {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private JavaNodeServer(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /** Starts the jar with {@code env} added to loopback-only settings and waits until it is ready. */
    public static JavaNodeServer start(Path jar, Map<String, String> env, Path logDir) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no node jar at " + jar + ": run benchmarks/run.sh, which builds it");
        }
        int port = Ports.free();
        int managementPort = Ports.free();
        Files.createDirectories(logDir);
        Path log = logDir.resolve("java-node-" + port + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
        // extra JVM flags for a diagnosis (e.g. -XX:+PrintCompilation), separated by spaces
        String extra = System.getProperty("bench.nodeJvmArgs", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SIO_"));
        builder.environment()
                .putAll(Map.of(
                        "SIO_HOST",
                        "127.0.0.1",
                        "SIO_PORT",
                        Integer.toString(port),
                        "SIO_MANAGEMENT_PORT",
                        Integer.toString(managementPort),
                        "SIO_DRAIN_PERIOD_MS",
                        "0",
                        "SIO_LOG_LEVEL",
                        "WARN"));
        builder.environment().putAll(env);
        builder.environment().putAll(extraEnv());
        JavaNodeServer server = new JavaNodeServer(builder.start(), port, managementPort, log);
        Runtime.getRuntime().addShutdownHook(new Thread(server.process::destroyForcibly));
        server.awaitReady(Duration.ofSeconds(60));
        return server;
    }

    /**
     * Node settings for every Java node of a run, {@code NAME=value} separated by spaces (run.sh passes
     * {@code JAVA_NODE_ENV}), e.g. {@code SIO_IO_TRANSPORT=io_uring}; they win over the harness's own.
     */
    static Map<String, String> extraEnv() {
        Map<String, String> extra = new LinkedHashMap<>();
        for (String pair : System.getProperty("bench.nodeEnv", "").trim().split("\\s+")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("JAVA_NODE_ENV: expected NAME=value, got '" + pair + "'");
            }
            extra.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return extra;
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the node exited: " + Files.readString(log));
            }
            try {
                if (get("/readyz").statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the management port opens last
            }
            Thread.sleep(200); // a start-up poll in a harness, not a test
        }
        close();
        throw new IllegalStateException("the node was not ready within " + timeout + ": " + Files.readString(log));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public String websocketUrl() {
        return "ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket";
    }

    @Override
    public String httpUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public Footprint footprint() throws Exception {
        // jcmd's GC.run is a full collection, so "heap used" counts live objects only.
        Process gc = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(process.pid()),
                        "GC.run")
                .redirectErrorStream(true)
                .start();
        if (!gc.waitFor(30, TimeUnit.SECONDS) || gc.exitValue() != 0) {
            throw new IllegalStateException(
                    "jcmd GC.run failed: " + new String(gc.getInputStream().readAllBytes()));
        }
        String metrics = get("/metrics").body();
        return new Footprint(
                (long) PrometheusText.sum(metrics, "socketio_connections", ""),
                (long) PrometheusText.sum(metrics, "jvm_memory_used_bytes", "area=\"heap\""),
                ProcessMemory.rssBytes(process.pid()));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
