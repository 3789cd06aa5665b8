package org.socketiooperator.operator.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Serves, on a port of its own, GET /metrics in the Prometheus text format and the pod's probes: /healthz (200
 * while every event source is healthy, else 503 naming them) and /readyz (200 once the operator has started).
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /** Listens on every interface, so Prometheus can scrape the pod. */
    public static MetricsServer start(int port, OperatorMetrics metrics, OperatorHealth health) {
        return start(new InetSocketAddress(port), metrics, health);
    }

    public static MetricsServer start(InetSocketAddress address, OperatorMetrics metrics) {
        return start(address, metrics, OperatorHealth.ALWAYS);
    }

    public static MetricsServer start(InetSocketAddress address, OperatorMetrics metrics, OperatorHealth health) {
        int port = address.getPort();
        try {
            HttpServer server = HttpServer.create(address, 0);
            PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
            server.createContext("/metrics", exchange -> {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                writer.write(body, metrics.registry().scrape());
                exchange.getResponseHeaders().add("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE);
                exchange.sendResponseHeaders(200, body.size());
                try (OutputStream out = exchange.getResponseBody()) {
                    body.writeTo(out);
                }
            });
            server.createContext("/healthz", exchange -> {
                List<String> problems = health.problems();
                reply(
                        exchange,
                        problems.isEmpty() ? 200 : 503,
                        problems.isEmpty()
                                ? "ok\n"
                                : "unhealthy event sources:\n" + String.join("\n", problems) + "\n");
            });
            server.createContext("/readyz", exchange -> {
                boolean ready = health.ready();
                reply(exchange, ready ? 200 : 503, ready ? "ready\n" : "starting\n");
            });
            server.start();
            return new MetricsServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on port " + port, e);
        }
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
