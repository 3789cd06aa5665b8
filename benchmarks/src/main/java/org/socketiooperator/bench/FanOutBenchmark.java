package org.socketiooperator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Room broadcast as users see it, Java and Node.js side by side in one run. Two Java nodes (the runnable
 * jar) and two official Node.js servers (socket.io 4.8 + @socket.io/redis-adapter 8.3) share one Redis,
 * each pair on a channel prefix of its own. On each side N official socket.io-client clients (default
 * options, so the WebSocket handshake offers permessage-deflate as browsers do; or long-polling only),
 * split over its two servers, join one room. One publisher sends the same ticks to both rooms at offered
 * rates: the official @socket.io/redis-emitter in classic mode, an official Node.js server's
 * {@code io.to(room).emit} over createShardedAdapter in sharded mode. For each side and rate it prints
 * deliveries per second, latency percentiles, messages lost (not delivered within the deadline) and the
 * servers' CPU seconds per million deliveries (utime + stime from /proc), then whether the goal is met:
 * at every measured point Java uses at most half of Node's CPU per delivery, its p99 is no worse, and it
 * loses nothing.
 *
 * <p>Arguments are {@code key=value}; see {@link Settings#parse} for the keys and defaults.
 */
public final class FanOutBenchmark {

    private static final String ROOM = "bench-room";
    private static final List<String> SIDES = List.of("java", "node");
    /** Each rate of a run-in round lasts this long (a round of the default four rates: 20 s). */
    private static final double RUN_IN_SECONDS_PER_RATE = 5;

    private final BenchOptions options;
    private final Settings settings;
    private final List<Point> points = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private int phase;

    private FanOutBenchmark(BenchOptions options, Settings settings) {
        this.options = options;
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        FanOutBenchmark benchmark = new FanOutBenchmark(BenchOptions.fromSystemProperties(), settings);
        System.out.println("fan-out: " + settings);
        System.out.println("fan-out: Java node settings from JAVA_NODE_ENV: " + JavaNodeServer.extraEnv()
                + ", JVM flags from NODE_JVM_ARGS: '" + System.getProperty("bench.nodeJvmArgs", "") + "'");
        System.out.println("fan-out: load average at start: " + loadAverage());
        for (String mode : settings.modes()) {
            benchmark.runGuarded(mode, false, settings.transports(), settings.rates(), settings.size());
        }
        for (String mode : settings.deflateModes()) {
            benchmark.runGuarded(mode, true, List.of("websocket"), settings.deflateRates(), settings.deflateSize());
        }
        System.out.println("fan-out: load average at the end: " + loadAverage());
        boolean met = benchmark.summary();
        System.exit(met ? 0 : 3);
    }

    /** A variant that fails (a server that does not start, a report that never comes) is reported, not skipped. */
    private void runGuarded(String mode, boolean deflate, List<String> transports, List<Integer> rates, int size) {
        try {
            runServers(mode, deflate, transports, rates, size);
        } catch (Exception | AssertionError e) {
            String failure = String.format("%s%s: %s", mode, deflate ? " deflate" : "", e);
            failures.add(failure);
            System.out.println("fan-out [" + failure.replace('\n', ' ') + "]: FAILED");
        }
    }

    /** One cluster of each side with the same settings, then every transport and rate against them. */
    private void runServers(String mode, boolean deflate, List<String> transports, List<Integer> rates, int size)
            throws Exception {
        String run = "bench-" + UUID.randomUUID();
        Map<String, List<BenchServer>> servers = new LinkedHashMap<>();
        SIDES.forEach(side -> servers.put(side, new ArrayList<>()));
        Publisher publisher = null;
        try {
            Map<String, String> javaEnv = new HashMap<>(Map.of(
                    "SIO_REDIS_URL", options.redisUrl(), "SIO_ADAPTER_KEY", run + "-java", "SIO_ADAPTER_MODE", mode));
            if (deflate) {
                javaEnv.put("SIO_PER_MESSAGE_DEFLATE", "true"); // threshold: the node's default, 1024
            }
            for (int i = 0; i < 2; i++) {
                servers.get("java").add(JavaNodeServer.start(options.nodeJar(), javaEnv, options.logDir()));
                servers.get("node")
                        .add(NodeJsServer.start(options.redisUrl(), run + "-node", mode, deflate ? 1024 : 0));
            }
            publisher = Publisher.start(options.redisUrl(), mode, ROOM, List.of(run + "-java", run + "-node"));
            for (String transport : transports) {
                String variant = String.format("%s %s %d B%s", mode, transport, size, deflate ? " deflate" : "");
                runClients(variant, transport, servers, publisher, rates, size);
            }
            for (Map.Entry<String, List<BenchServer>> side : servers.entrySet()) {
                for (BenchServer server : side.getValue()) {
                    System.out.printf(
                            "fan-out [%s%s]: %s server after the runs: %s%n",
                            mode,
                            deflate ? " deflate" : "",
                            side.getKey(),
                            server.footprint().describe());
                }
            }
        } finally {
            if (publisher != null) {
                publisher.close();
            }
            servers.values().forEach(list -> list.forEach(BenchServer::close));
        }
    }

    /** Connects N clients per side (one client process per server), warms up, then measures every rate. */
    private void runClients(
            String variant,
            String transport,
            Map<String, List<BenchServer>> servers,
            Publisher publisher,
            List<Integer> rates,
            int size)
            throws Exception {
        System.out.printf("fan-out [%s]: load average %s%n", variant, loadAverage());
        Map<String, List<LoadClients>> clients = new LinkedHashMap<>();
        try {
            for (String side : SIDES) {
                List<LoadClients> list = new ArrayList<>();
                clients.put(side, list);
                for (BenchServer server : servers.get(side)) {
                    list.add(LoadClients.openOfficial(settings.clients() / 2, ROOM, transport, List.of(server)));
                }
            }
            for (List<LoadClients> list : clients.values()) {
                for (LoadClients load : list) {
                    load.awaitReady(Duration.ofSeconds(120));
                }
            }
            Map<String, Map<String, Double>> threadsBefore = threadCpu(servers);
            // servers just started: both sides get the same run-in before the first rate, so the figures show
            // a server in service (JIT compiled, buffers grown) rather than its first seconds
            if (settings.startWarmupSeconds() > 0) {
                runIn(variant, servers, clients, publisher, rates, size);
            }
            for (int rate : rates) {
                // warm-up at this rate (the JIT, buffers, the clients' upgrade): ticks of phase 0, which the
                // clients ignore; then wait until no process is still working off a backlog
                publisher.run(0, rate, settings.warmupSeconds(), size);
                settle(variant + "] " + rate + "/s warm-up", servers, clients);
                points.add(measure(variant, servers, clients, publisher, rate, size));
                settle(variant + "] " + rate + "/s", servers, clients);
            }
            Map<String, Map<String, Double>> threadsAfter = threadCpu(servers);
            for (String side : SIDES) {
                System.out.printf(
                        "fan-out [%s]: %s servers' CPU by thread over all rates, warm-ups included: %s%n",
                        variant, side, describeThreads(threadsBefore.get(side), threadsAfter.get(side)));
            }
        } finally {
            clients.values().forEach(list -> list.forEach(LoadClients::close));
        }
    }

    /**
     * Rounds of every rate of the variant ({@link #RUN_IN_SECONDS_PER_RATE} s each, ticks the clients ignore, the
     * same to both sides) until at least startWarmupSeconds have passed and the Java nodes' JIT compiler threads
     * used less than jitSettledPercent of one core over the last round, or runInMaxSeconds have passed. A pod
     * serves for hours: its compiler's first minutes are a one-time cost, printed here, not a cost per delivery.
     */
    private void runIn(
            String variant,
            Map<String, List<BenchServer>> servers,
            Map<String, List<LoadClients>> clients,
            Publisher publisher,
            List<Integer> rates,
            int size)
            throws Exception {
        long start = System.nanoTime();
        double jitTotal = 0;
        for (int round = 1; ; round++) {
            Map<String, Double> before = threadCpu(servers).get("java");
            long roundStart = System.nanoTime();
            for (int rate : rates) {
                publisher.run(0, rate, RUN_IN_SECONDS_PER_RATE, size);
            }
            settle(variant + "] run-in round " + round, servers, clients);
            double roundSeconds = (System.nanoTime() - roundStart) / 1e9;
            double jit = compilerSeconds(before, threadCpu(servers).get("java"));
            jitTotal += jit;
            double elapsed = (System.nanoTime() - start) / 1e9;
            double jitPercent = 100 * jit / roundSeconds;
            System.out.printf(
                    Locale.ROOT,
                    "fan-out [%s] run-in round %d (%.0f s): Java's JIT compiler threads used %.1f%% of a core%n",
                    variant,
                    round,
                    roundSeconds,
                    jitPercent);
            boolean settled = elapsed >= settings.startWarmupSeconds() && jitPercent < settings.jitSettledPercent();
            if (settled || elapsed >= settings.runInMaxSeconds()) {
                System.out.printf(
                        Locale.ROOT,
                        "fan-out [%s] run-in: %.0f s, %s; Java's JIT threads used %.2f CPU s in it%n",
                        variant,
                        elapsed,
                        settled ? "JIT settled" : "JIT NOT settled, stopped at runInMaxSeconds",
                        jitTotal);
                return;
            }
        }
    }

    private static double compilerSeconds(Map<String, Double> before, Map<String, Double> after) {
        return after.entrySet().stream()
                .filter(e -> e.getKey().contains("CompilerThre"))
                .mapToDouble(e -> e.getValue() - before.getOrDefault(e.getKey(), 0.0))
                .sum();
    }

    private Point measure(
            String variant,
            Map<String, List<BenchServer>> servers,
            Map<String, List<LoadClients>> clients,
            Publisher publisher,
            int rate,
            int size)
            throws Exception {
        int id = ++phase;
        int total = (int) Math.max(1, Math.round(rate * settings.seconds()));
        for (List<LoadClients> list : clients.values()) {
            for (LoadClients load : list) {
                load.startPhase(id, total, settings.deadlineMillis());
            }
        }
        Map<String, Map<String, Double>> threadsBefore = threadCpu(servers);
        Map<Long, Double> cpuBefore = cpu(servers, clients, publisher);
        Map<Long, Double> kernelBefore = kernel(servers);
        long[] machineBefore = machineJiffies();
        long wallStart = System.nanoTime();
        JsonNode sent = publisher.run(id, rate, settings.seconds(), size);
        long until = (long) sent.get("lastSend").asDouble() + settings.drainMillis();
        for (List<LoadClients> list : clients.values()) {
            list.forEach(load -> load.requestReport(id, total, until));
        }
        Map<String, List<JsonNode>> reports = new LinkedHashMap<>();
        for (Map.Entry<String, List<LoadClients>> side : clients.entrySet()) {
            List<JsonNode> list = new ArrayList<>();
            for (LoadClients load : side.getValue()) {
                list.add(load.awaitReport(
                        id, Duration.ofMillis(Math.max(0, until - System.currentTimeMillis()) + 30_000)));
            }
            reports.put(side.getKey(), list);
        }
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        Map<Long, Double> cpuAfter = cpu(servers, clients, publisher);
        Map<Long, Double> kernelAfter = kernel(servers);
        long[] machineAfter = machineJiffies();
        Map<String, Map<String, Double>> threadsAfter = threadCpu(servers);
        double firstSend = sent.get("firstSend").asDouble();
        double sendSeconds = (sent.get("lastSend").asDouble() - firstSend) / 1000;
        System.out.printf(
                Locale.ROOT,
                "fan-out [%s] %d/s: published %d ticks to each side in %.2f s (%.0f/s),"
                        + " publisher lag max %.1f ms, publisher CPU %.0f%%%n",
                variant,
                rate,
                total,
                sendSeconds,
                total / Math.max(sendSeconds, 1e-3),
                sent.get("maxLagMs").asDouble(),
                100 * delta(cpuBefore, cpuAfter, publisher.pid()) / wallSeconds);
        double machineBusy =
                (double) (machineAfter[0] - machineBefore[0]) / Math.max(1, machineAfter[1] - machineBefore[1]);
        double ours = cpuAfter.keySet().stream()
                .mapToDouble(pid -> delta(cpuBefore, cpuAfter, pid))
                .sum();
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(
                Locale.ROOT,
                "fan-out [%s] %d/s: machine CPU %.0f%% busy over %.1f s on %d cores; the"
                        + " servers, clients and publisher used %.0f%% of it, the rest (Redis, other users) %.0f%%%n",
                variant,
                rate,
                100 * machineBusy,
                wallSeconds,
                cores,
                100 * ours / (wallSeconds * cores),
                Math.max(0, 100 * machineBusy - 100 * ours / (wallSeconds * cores)));
        Map<String, Side> sides = new LinkedHashMap<>();
        for (String side : SIDES) {
            double jit = compilerSeconds(threadsBefore.get(side), threadsAfter.get(side));
            Side result = Side.of(
                    reports.get(side),
                    firstSend,
                    servers.get(side).stream()
                            .mapToDouble(s -> delta(cpuBefore, cpuAfter, s.pid()))
                            .sum(),
                    servers.get(side).stream()
                            .mapToDouble(s -> delta(kernelBefore, kernelAfter, s.pid()))
                            .sum(),
                    jit,
                    clients.get(side).stream()
                            .mapToDouble(c -> delta(cpuBefore, cpuAfter, c.pid()) / wallSeconds)
                            .max()
                            .orElse(0));
            sides.put(side, result);
            System.out.printf(Locale.ROOT, "fan-out [%s] %d/s: %-4s %s%n", variant, rate, side, result.describe());
            System.out.printf(
                    Locale.ROOT,
                    "fan-out [%s] %d/s: %-4s servers' CPU by thread: %s%n",
                    variant,
                    rate,
                    side,
                    describeThreads(threadsBefore.get(side), threadsAfter.get(side)));
        }
        Point point = new Point(variant, rate, sides.get("java"), sides.get("node"));
        System.out.printf("fan-out [%s] %d/s: goal %s%n", variant, rate, point.verdict());
        System.out.printf(
                Locale.ROOT,
                "fan-out [%s] %d/s: kernel time per delivery Java %.1f us, Node %.1f us; Java's kernel time alone is %.2f"
                        + " of Node's whole CPU per delivery%n",
                variant,
                rate,
                point.java().kernelMicrosPerDelivery(),
                point.node().kernelMicrosPerDelivery(),
                point.javaKernelShareOfNode());
        return point;
    }

    /**
     * Waits until every server and client process used less than 5% of a core over the last second (at
     * most 60 s), so that a backlog left by one phase is not measured in the next.
     */
    private static void settle(
            String what, Map<String, List<BenchServer>> servers, Map<String, List<LoadClients>> clients)
            throws Exception {
        List<Long> pids = new ArrayList<>();
        servers.values().forEach(list -> list.forEach(s -> pids.add(s.pid())));
        clients.values().forEach(list -> list.forEach(c -> pids.add(c.pid())));
        long start = System.nanoTime();
        Map<Long, Double> before = new HashMap<>();
        for (long pid : pids) {
            before.put(pid, ProcessCpu.seconds(pid));
        }
        while (System.nanoTime() - start < 60e9) {
            Thread.sleep(1000); // sampling CPU time once a second
            Map<Long, Double> now = new HashMap<>();
            double busiest = 0;
            for (long pid : pids) {
                now.put(pid, ProcessCpu.seconds(pid));
                busiest = Math.max(busiest, now.get(pid) - before.get(pid));
            }
            if (busiest < 0.05) {
                if (System.nanoTime() - start > 2.5e9) {
                    System.out.printf(
                            Locale.ROOT,
                            "fan-out [%s: settled after %.0f s%n",
                            what,
                            (System.nanoTime() - start) / 1e9);
                }
                return;
            }
            before = now;
        }
        System.out.printf("fan-out [%s: still busy after 60 s, measuring on%n", what);
    }

    /** Prints every point as a Markdown table and whether the goal is met everywhere. */
    private boolean summary() {
        System.out.println();
        System.out.println("| variant | msg/s | deliveries/s Java / Node | p50 ms Java / Node | p99 ms Java / Node"
                + " | lost Java / Node | CPU s per M deliveries Java / Node | Java / Node CPU | same without Java's"
                + " JIT threads | busiest client process | goal |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        int failed = 0;
        for (Point point : points) {
            Side java = point.java();
            Side node = point.node();
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %.0f / %.0f | %s / %s | %s / %s | %d / %d | %.1f / %.1f | %.2f"
                            + " | %.2f | %.0f%% | %s |%n",
                    point.variant(),
                    point.rate(),
                    java.perSecond(),
                    node.perSecond(),
                    millis(java.p50()),
                    millis(node.p50()),
                    millis(java.p99()),
                    millis(node.p99()),
                    java.lost(),
                    node.lost(),
                    java.cpuPerMillion(),
                    node.cpuPerMillion(),
                    point.cpuRatio(),
                    point.cpuRatioWithoutJit(),
                    100 * Math.max(java.clientCpuShare(), node.clientCpuShare()),
                    point.failures().isEmpty() ? "met" : "NOT met");
            if (!point.failures().isEmpty()) {
                failed++;
            }
        }
        System.out.println();
        failures.forEach(failure -> System.out.println("fan-out: a variant failed, so the goal is not met: "
                + failure.lines().findFirst().orElse("")));
        boolean met = failed == 0 && failures.isEmpty() && !points.isEmpty();
        System.out.printf(
                "fan-out goal (at every rate Java uses at most half of Node's CPU per delivery, its p99 is"
                        + " no worse, nothing is lost): %s (%d of %d points met)%n",
                met ? "MET" : "NOT MET", points.size() - failed, points.size());
        return met;
    }

    private Map<Long, Double> cpu(
            Map<String, List<BenchServer>> servers, Map<String, List<LoadClients>> clients, Publisher publisher)
            throws IOException {
        Map<Long, Double> seconds = new HashMap<>();
        for (List<BenchServer> list : servers.values()) {
            for (BenchServer server : list) {
                seconds.put(server.pid(), ProcessCpu.seconds(server.pid()));
            }
        }
        for (List<LoadClients> list : clients.values()) {
            for (LoadClients load : list) {
                seconds.put(load.pid(), ProcessCpu.seconds(load.pid()));
            }
        }
        seconds.put(publisher.pid(), ProcessCpu.seconds(publisher.pid()));
        return seconds;
    }

    /** System (kernel) CPU seconds of every server: the part both sides spend in the same socket writes. */
    private static Map<Long, Double> kernel(Map<String, List<BenchServer>> servers) throws IOException {
        Map<Long, Double> seconds = new HashMap<>();
        for (List<BenchServer> list : servers.values()) {
            for (BenchServer server : list) {
                seconds.put(server.pid(), ProcessCpu.systemSeconds(server.pid()));
            }
        }
        return seconds;
    }

    private static double delta(Map<Long, Double> before, Map<Long, Double> after, long pid) {
        return after.get(pid) - before.get(pid);
    }

    private static Map<String, Map<String, Double>> threadCpu(Map<String, List<BenchServer>> servers)
            throws IOException {
        Map<String, Map<String, Double>> bySide = new HashMap<>();
        for (Map.Entry<String, List<BenchServer>> side : servers.entrySet()) {
            Map<String, Double> groups = new TreeMap<>();
            for (BenchServer server : side.getValue()) {
                ProcessCpu.byThreadGroup(server.pid()).forEach((name, s) -> groups.merge(name, s, Double::sum));
            }
            bySide.put(side.getKey(), groups);
        }
        return bySide;
    }

    private static String describeThreads(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> used = after.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() - before.getOrDefault(e.getKey(), 0.0)));
        double total = used.values().stream().mapToDouble(Double::doubleValue).sum();
        return used.entrySet().stream()
                .filter(e -> e.getValue() >= 0.01)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format(
                        Locale.ROOT,
                        "%s %.2f s (%.0f%%)",
                        e.getKey(),
                        e.getValue(),
                        100 * e.getValue() / Math.max(total, 1e-9)))
                .collect(Collectors.joining(", ", String.format(Locale.ROOT, "%.2f s: ", total), ""));
    }

    /** Busy and total jiffies of all CPUs together, from the first line of /proc/stat. */
    private static long[] machineJiffies() throws IOException {
        String[] fields =
                Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        long idle = 0;
        for (int i = 1; i < Math.min(fields.length, 9); i++) { // user nice system idle iowait irq softirq steal
            long value = Long.parseLong(fields[i]);
            total += value;
            if (i == 4 || i == 5) {
                idle += value;
            }
        }
        return new long[] {total - idle, total};
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static String millis(double value) {
        return Double.isInfinite(value) ? "lost" : String.format(Locale.ROOT, "%.1f", value);
    }

    /** One rate of one variant: both sides, and what of the goal they miss. */
    record Point(String variant, int rate, Side java, Side node) {

        double cpuRatio() {
            return java.cpuPerMillion() / node.cpuPerMillion();
        }

        /** Informational: Java's CPU without its JIT compiler threads (a warm node no longer compiles). */
        double cpuRatioWithoutJit() {
            return (java.serverCpuSeconds() - java.jitCpuSeconds())
                    / Math.max(1, java.received())
                    / (node.serverCpuSeconds() / Math.max(1, node.received()));
        }

        /**
         * Informational: the floor one write per delivery sets. Both servers make one socket write per delivery, and
         * the kernel's work for it is about the same on both sides; Java cannot go below this share of Node's CPU
         * without fewer system calls.
         */
        double javaKernelShareOfNode() {
            return (java.serverKernelSeconds() / Math.max(1, java.received()))
                    / (node.serverCpuSeconds() / Math.max(1, node.received()));
        }

        List<String> failures() {
            List<String> failures = new ArrayList<>();
            if (!(java.cpuPerMillion() <= 0.5 * node.cpuPerMillion())) {
                failures.add(String.format(
                        Locale.ROOT,
                        "CPU per delivery is %.2f of Node's (goal at most 0.5;" + " %.2f without Java's JIT threads)",
                        cpuRatio(),
                        cpuRatioWithoutJit()));
            }
            if (!(java.p99() <= node.p99())) {
                failures.add("p99 " + millis(java.p99()) + " ms is worse than Node's " + millis(node.p99()) + " ms");
            }
            if (java.lost() != 0) {
                failures.add(java.lost() + " messages lost");
            }
            return failures;
        }

        String verdict() {
            List<String> failures = failures();
            return failures.isEmpty()
                    ? String.format(
                            Locale.ROOT,
                            "met (Java CPU per delivery %.2f of Node's, p99 %s vs %s ms," + " nothing lost)",
                            cpuRatio(),
                            millis(java.p99()),
                            millis(node.p99()))
                    : "NOT met: " + String.join("; ", failures);
        }
    }

    /**
     * One side's figures for one rate. Percentiles are over every expected delivery, a missing one counting
     * as infinitely late (so with more than 1% missing, p99 is "lost"); lost = late + missing.
     */
    record Side(
            long expected,
            long received,
            long late,
            long missing,
            long duplicates,
            long disconnects,
            double perSecond,
            double p50,
            double p99,
            double max,
            double serverCpuSeconds,
            double serverKernelSeconds,
            double jitCpuSeconds,
            double clientCpuShare,
            String transports) {

        static Side of(
                List<JsonNode> reports,
                double firstSend,
                double serverCpuSeconds,
                double serverKernelSeconds,
                double jitCpuSeconds,
                double clientCpuShare) {
            long expected = 0;
            long received = 0;
            long late = 0;
            long duplicates = 0;
            long disconnects = 0;
            double lastArrival = 0;
            TreeMap<Integer, Long> histogram = new TreeMap<>();
            Map<String, Long> transports = new TreeMap<>();
            for (JsonNode report : reports) {
                expected += report.get("expected").asLong();
                received += report.get("received").asLong();
                late += report.get("late").asLong();
                duplicates += report.get("duplicates").asLong();
                disconnects += report.get("disconnects").asLong();
                lastArrival = Math.max(lastArrival, report.get("lastArrival").asDouble());
                report.get("histogram")
                        .fields()
                        .forEachRemaining(e -> histogram.merge(
                                Integer.parseInt(e.getKey()), e.getValue().asLong(), Long::sum));
                report.get("transports")
                        .fields()
                        .forEachRemaining(
                                e -> transports.merge(e.getKey(), e.getValue().asLong(), Long::sum));
            }
            double seconds = (lastArrival - firstSend) / 1000;
            return new Side(
                    expected,
                    received,
                    late,
                    expected - received,
                    duplicates,
                    disconnects,
                    received == 0 ? 0 : received / Math.max(seconds, 1e-3),
                    percentile(histogram, expected, 0.5),
                    percentile(histogram, expected, 0.99),
                    histogram.isEmpty() ? 0 : histogram.lastKey() / 10.0,
                    serverCpuSeconds,
                    serverKernelSeconds,
                    jitCpuSeconds,
                    clientCpuShare,
                    transports.toString());
        }

        private static double percentile(TreeMap<Integer, Long> histogram, long expected, double quantile) {
            long rank = (long) Math.ceil(quantile * expected);
            long seen = 0;
            for (Map.Entry<Integer, Long> bucket : histogram.entrySet()) {
                seen += bucket.getValue();
                if (seen >= rank) {
                    return bucket.getKey() / 10.0;
                }
            }
            return Double.POSITIVE_INFINITY;
        }

        long lost() {
            return late + missing;
        }

        double cpuPerMillion() {
            return received == 0 ? Double.POSITIVE_INFINITY : serverCpuSeconds / received * 1e6;
        }

        double kernelMicrosPerDelivery() {
            return received == 0 ? Double.POSITIVE_INFINITY : serverKernelSeconds / received * 1e6;
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%d/%d delivered (%d late, %d missing, %d duplicates, %d disconnects),"
                            + " %.0f deliveries/s, latency p50 %s ms p99 %s ms max %.1f ms, lost %d; servers' CPU %.2f s"
                            + " (kernel %.2f s%s) = %.1f s per million deliveries; busiest client process %.0f%% of a core; transports %s",
                    received,
                    expected,
                    late,
                    missing,
                    duplicates,
                    disconnects,
                    perSecond,
                    millis(p50),
                    millis(p99),
                    max,
                    lost(),
                    serverCpuSeconds,
                    serverKernelSeconds,
                    jitCpuSeconds > 0 ? String.format(Locale.ROOT, ", JIT compiler threads %.2f s", jitCpuSeconds) : "",
                    cpuPerMillion(),
                    100 * clientCpuShare,
                    transports);
        }
    }

    /**
     * What to run. Keys: clients (per side, split over its two servers; 40, see the README for why not 200 on
     * 2 shared cores), rates (250,500,1000,2000 messages/s), seconds (per rate, 10), size (bytes per message,
     * 64), transports (websocket,polling: websocket = the client's defaults, polling = transports
     * ["polling"]), modes (classic,sharded), deflateModes (classic: the compression-on variant, WebSocket
     * only; "none" skips it), deflateRates (50,100,250), deflateSize (4096), deadlineMs (a message later than
     * this is lost, 5000), drainMs (how long after the last publish to wait for stragglers, 15000, at least
     * deadlineMs), warmupSeconds (before each rate, at that rate, 5), startWarmupSeconds (the shortest run-in,
     * once per variant right after the servers start: rounds of every rate, see {@link #runIn}; 20; 0 skips it),
     * jitSettledPercent (the run-in ends after a round in which Java's JIT threads used less than this share of
     * one core, 3), runInMaxSeconds (the longest run-in, 240).
     */
    record Settings(
            int clients,
            List<Integer> rates,
            double seconds,
            int size,
            List<String> transports,
            List<String> modes,
            List<String> deflateModes,
            List<Integer> deflateRates,
            int deflateSize,
            long deadlineMillis,
            long drainMillis,
            double warmupSeconds,
            double startWarmupSeconds,
            double jitSettledPercent,
            double runInMaxSeconds) {

        static Settings parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>(Map.ofEntries(
                    Map.entry("clients", "40"),
                    Map.entry("rates", "250,500,1000,2000"),
                    Map.entry("seconds", "10"),
                    Map.entry("size", "64"),
                    Map.entry("transports", "websocket,polling"),
                    Map.entry("modes", "classic,sharded"),
                    Map.entry("deflateModes", "classic"),
                    Map.entry("deflateRates", "50,100,250"),
                    Map.entry("deflateSize", "4096"),
                    Map.entry("deadlineMs", "5000"),
                    Map.entry("drainMs", "15000"),
                    Map.entry("warmupSeconds", "5"),
                    Map.entry("startWarmupSeconds", "20"),
                    Map.entry("jitSettledPercent", "3"),
                    Map.entry("runInMaxSeconds", "240")));
            for (String arg : args) {
                int eq = arg.indexOf('=');
                if (eq < 0 || !values.containsKey(arg.substring(0, eq))) {
                    throw new IllegalArgumentException(
                            "unknown argument '" + arg + "'; key=value with keys " + values.keySet());
                }
                values.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
            Function<String, List<String>> list = key -> values.get(key).equals("none")
                    ? List.of()
                    : Arrays.asList(values.get(key).split(","));
            Function<String, List<Integer>> ints =
                    key -> list.apply(key).stream().map(Integer::parseInt).toList();
            Settings settings = new Settings(
                    Integer.parseInt(values.get("clients")),
                    ints.apply("rates"),
                    Double.parseDouble(values.get("seconds")),
                    Integer.parseInt(values.get("size")),
                    list.apply("transports"),
                    list.apply("modes"),
                    list.apply("deflateModes"),
                    ints.apply("deflateRates"),
                    Integer.parseInt(values.get("deflateSize")),
                    Long.parseLong(values.get("deadlineMs")),
                    Long.parseLong(values.get("drainMs")),
                    Double.parseDouble(values.get("warmupSeconds")),
                    Double.parseDouble(values.get("startWarmupSeconds")),
                    Double.parseDouble(values.get("jitSettledPercent")),
                    Double.parseDouble(values.get("runInMaxSeconds")));
            if (settings.clients() < 2 || settings.clients() % 2 != 0) {
                throw new IllegalArgumentException("clients must be even (split over two servers per side)");
            }
            if (settings.drainMillis() < settings.deadlineMillis()) {
                throw new IllegalArgumentException("drainMs must be at least deadlineMs");
            }
            if (settings.size() < 40 || settings.deflateSize() < 40) {
                throw new IllegalArgumentException("messages need at least 40 bytes for their header");
            }
            return settings;
        }
    }
}
