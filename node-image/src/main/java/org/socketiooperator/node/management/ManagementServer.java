package org.socketiooperator.node.management;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes and metrics on their own port and their own thread, so that a scrape or a probe never waits
 * behind client traffic and a busy client port never fails a probe.
 */
public final class ManagementServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);
    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpServer http;
    private final ExecutorService executor;

    private ManagementServer(HttpServer http, ExecutorService executor) {
        this.http = http;
        this.executor = executor;
    }

    /** Binds {@code host:port} (port 0: any free port) and starts serving. */
    public static ManagementServer start(String host, int port, Supplier<ReadinessReport> readiness,
                                         NodeMetrics metrics) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "management-http");
            thread.setDaemon(true);
            return thread;
        });
        http.setExecutor(executor);
        http.createContext("/", exchange -> handle(exchange, readiness, metrics));
        http.start();
        return new ManagementServer(http, executor);
    }

    public int port() {
        return http.getAddress().getPort();
    }

    private static void handle(HttpExchange exchange, Supplier<ReadinessReport> readiness, NodeMetrics metrics)
            throws IOException {
        try {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                respond(exchange, 405, TEXT, "method not allowed\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/healthz" -> respond(exchange, 200, TEXT, "ok\n".getBytes(StandardCharsets.UTF_8));
                case "/readyz" -> {
                    ReadinessReport report = readiness.get();
                    respond(exchange, report.ready() ? 200 : 503, TEXT,
                            (report.reason() + "\n").getBytes(StandardCharsets.UTF_8));
                }
                case "/metrics" -> {
                    ByteArrayOutputStream body = new ByteArrayOutputStream(16_384);
                    metrics.writeTo(body);
                    respond(exchange, 200, NodeMetrics.CONTENT_TYPE, body.toByteArray());
                }
                default -> respond(exchange, 404, TEXT, "not found\n".getBytes(StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            // Bodies are built before any header is sent, so a failing callback still gets a clear 500.
            LOG.warn("management request {} failed: {}", exchange.getRequestURI(), e.toString());
            respond(exchange, 500, TEXT, ("internal error: " + e + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        exchange.getRequestBody().close();
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
