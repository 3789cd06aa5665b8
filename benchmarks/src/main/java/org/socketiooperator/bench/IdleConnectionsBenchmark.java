package org.socketiooperator.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Idle connections per node: one Java node (its own JVM, -Xmx512m, in-memory adapter) takes N raw
 * WebSocket clients; prints connections, heap used after a full GC and RSS, before and after. Then the
 * same with N official socket.io-client clients (default options: they upgrade to WebSocket and offer
 * permessage-deflate, as browsers do), once against a node with permessage-deflate off (the default)
 * and once with it on, so the memory it costs per connection is measured, not guessed.
 * Arguments: the client counts to try, one run each (default 1000 10000).
 */
public final class IdleConnectionsBenchmark {

    private IdleConnectionsBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.fromSystemProperties();
        int[] counts = args.length == 0
                ? new int[] {1000, 10000}
                : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        for (int count : counts) {
            run(
                    options,
                    count,
                    "raw WebSocket clients",
                    Map.of(),
                    node -> LoadClients.open(count, null, List.of(node)));
            for (boolean deflate : new boolean[] {false, true}) {
                run(
                        options,
                        count,
                        "official clients, permessage-deflate " + (deflate ? "on" : "off"),
                        Map.of("SIO_PER_MESSAGE_DEFLATE", Boolean.toString(deflate)),
                        node -> LoadClients.openOfficial(count, "idle", "default", List.of(node)));
            }
        }
    }

    private static void run(
            BenchOptions options,
            int count,
            String what,
            Map<String, String> env,
            java.util.function.Function<JavaNodeServer, LoadClients> load)
            throws Exception {
        try (JavaNodeServer node = JavaNodeServer.start(options.nodeJar(), env, options.logDir())) {
            Footprint empty = node.footprint();
            System.out.printf("idle %d (%s): empty node: %s%n", count, what, empty.describe());
            try (LoadClients clients = load.apply(node)) {
                double seconds;
                try {
                    seconds = clients.awaitReady(Duration.ofSeconds(120));
                } catch (RuntimeException | AssertionError e) {
                    Footprint partial = node.footprint();
                    System.out.printf(
                            "idle %d (%s): NOT reached: %s; node holds %s%n",
                            count, what, firstLine(e.getMessage()), partial.describe());
                    return;
                }
                Footprint loaded = node.footprint();
                System.out.printf("idle %d (%s): connected in %.1f s: %s%n", count, what, seconds, loaded.describe());
                System.out.printf(
                        "idle %d (%s): per connection: heap %.1f KiB, RSS %.1f KiB%n",
                        count,
                        what,
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
