package org.socketiooperator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Room broadcast across two servers sharing Redis (classic adapter): clients split over both join one
 * room; one more client publishes ticks through the gateway's {@code publish} event on the first server,
 * which delivers locally and through Redis to the second. Runs the Java nodes, then two official Node.js
 * servers, under the same load, and prints deliveries per second and latency percentiles for each.
 * Arguments: clients (1000), publishes (200), window of unanswered publishes (4), servers (java,node).
 */
public final class FanOutBenchmark {

    private FanOutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.fromSystemProperties();
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int publishes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        List<String> kinds = List.of((args.length > 3 ? args[3] : "java,node").split(","));
        System.out.printf("fan-out: %d clients over 2 servers, %d publishes to their room, %d in flight%n",
                clients, publishes, window);
        for (String kind : kinds) {
            run(options, kind, clients, publishes, window);
        }
    }

    private static void run(BenchOptions options, String kind, int clients, int publishes, int window)
            throws Exception {
        String key = "bench-" + UUID.randomUUID();
        List<BenchServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                servers.add(switch (kind) {
                    case "java" -> JavaNodeServer.start(options.nodeJar(), Map.of("SIO_REDIS_URL", options.redisUrl(),
                            "SIO_ADAPTER_KEY", key, "SIO_GATEWAY_CLIENT_PUBLISH", "true"), options.logDir());
                    case "node" -> NodeJsServer.start(options.redisUrl(), key);
                    default -> throw new IllegalArgumentException("servers are java or node, not " + kind);
                });
            }
            try (LoadClients load = LoadClients.open(clients, "bench-room", servers)) {
                load.awaitReady(Duration.ofSeconds(120));
                // a short warm-up so the JIT and the Redis connections are not what gets measured
                load.publish(Math.max(10, publishes / 4), window);
            }
            try (LoadClients load = LoadClients.open(clients, "bench-room", servers)) {
                load.awaitReady(Duration.ofSeconds(120));
                JsonNode report = load.publish(publishes, window);
                System.out.printf("fan-out %-4s: %d/%d deliveries in %.2f s: %d deliveries/s, latency p50 %d ms,"
                        + " p99 %d ms, max %d ms%n", kind, report.get("received").asLong(),
                        report.get("expected").asLong(), report.get("seconds").asDouble(),
                        report.get("perSecond").asLong(), report.get("p50").asLong(), report.get("p99").asLong(),
                        report.get("max").asLong());
                for (BenchServer server : servers) {
                    System.out.printf("fan-out %-4s: server after the run: %s%n", kind, server.footprint().describe());
                }
            }
        } finally {
            servers.forEach(BenchServer::close);
        }
    }
}
