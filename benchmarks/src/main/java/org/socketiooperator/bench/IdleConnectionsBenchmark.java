package org.socketiooperator.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Idle connections per node: one Java node (its own JVM, -Xmx512m, in-memory adapter) takes N raw
 * WebSocket clients; prints connections, heap used after a full GC and RSS, before and after.
 * Arguments: the client counts to try, one run each (default 1000 10000).
 */
public final class IdleConnectionsBenchmark {

    private IdleConnectionsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.fromSystemProperties();
        int[] counts = args.length == 0 ? new int[] {1000, 10000}
                : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        for (int count : counts) {
            run(options, count);
        }
    }

    private static void run(BenchOptions options, int count) throws Exception {
        try (JavaNodeServer node = JavaNodeServer.start(options.nodeJar(), Map.of(), options.logDir())) {
            Footprint empty = node.footprint();
            System.out.printf("idle %d: empty node: %s%n", count, empty.describe());
            try (LoadClients clients = LoadClients.open(count, null, List.of(node))) {
                double seconds;
                try {
                    seconds = clients.awaitReady(Duration.ofSeconds(120));
                } catch (RuntimeException | AssertionError e) {
                    Footprint partial = node.footprint();
                    System.out.printf("idle %d: NOT reached: %s; node holds %s%n", count,
                            firstLine(e.getMessage()), partial.describe());
                    return;
                }
                Footprint loaded = node.footprint();
                System.out.printf("idle %d: connected in %.1f s: %s%n", count, seconds, loaded.describe());
                System.out.printf("idle %d: per connection: heap %.1f KiB, RSS %.1f KiB%n", count,
                        (loaded.heapUsedBytes() - empty.heapUsedBytes()) / 1024.0 / count,
                        (loaded.rssBytes() - empty.rssBytes()) / 1024.0 / count);
            }
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no message";
        }
        String[] lines = text.split("\n");
        return lines.length > 3 ? String.join(" | ", lines[0], lines[lines.length - 1]) : text.replace('\n', ' ');
    }
}
