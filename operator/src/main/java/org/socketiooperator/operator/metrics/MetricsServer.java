package org.socketiooperator.operator.metrics;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/** Serves GET /metrics in the Prometheus text format on a port of its own. */
public final class MetricsServer implements AutoCloseable {
  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /** Listens on every interface, so Prometheus can scrape the pod. */
  public static MetricsServer start(int port, OperatorMetrics metrics) {
    return start(new InetSocketAddress(port), metrics);
  }

  public static MetricsServer start(InetSocketAddress address, OperatorMetrics metrics) {
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
      server.start();
      return new MetricsServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on port " + port, e);
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
