package org.socketiooperator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.factory.Adapters;
import org.socketiooperator.emitter.Emitter;
import org.socketiooperator.emitter.EmitterMode;
import org.socketiooperator.emitter.EmitterOptions;
import org.socketiooperator.server.SocketIoServer;
import org.socketiooperator.server.api.ServerOptions;
import org.socketiooperator.testsupport.NodePeers;
import org.socketiooperator.testsupport.RedisServer;

/**
 * The Java emitter against the official {@code @socket.io/redis-emitter} 5.1 (Node.js, redis 4.x), side by
 * side in one run, on a redis-server of its own (free loopback port, nobody subscribed): fire-and-forget
 * {@code to("room").emit("msg", i, <64-byte string>)}, {@code perRound} emits per round, every emit's
 * completion awaited at the end of the round. Variants: the official emitter (classic), the Java emitter
 * classic, the Java emitter sharded (SPUBLISH; the official emitter has no sharded mode, so it is compared
 * with the official classic figure), {@code java-streams} (XADD with MAXLEN ~ 10000 to one stream; not a default
 * variant: there is no official streams emitter to compare with), and {@code node-classic}: the adapter's publish path, a Java node's own
 * {@code io.to(room).emit} (not a default variant; see {@link #node}). For each: emits/s (median of the rounds), p50 / p99 of one emit's
 * completion (call to Redis's reply, over all measured rounds; a burst queues, so this is mostly queueing),
 * and Redis's own throughput: total_commands_processed and PUBLISH / SPUBLISH / XADD calls (INFO) over the rounds,
 * and the CPU per emit of the emitting process (/proc: the node process, or this JVM for the Java variants) and of
 * Redis (INFO used_cpu_user + used_cpu_sys).
 * The goal: each Java variant at least {@code goal} (2) times the official emits/s; exit status 3 when missed.
 *
 * <p>Settings ({@code key=value}): {@code rounds} (5), {@code perRound} (100000), {@code size} (64),
 * {@code goal} (2.0), {@code variants} (official,java-classic,java-sharded).
 */
public final class EmitterBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOM = "room";

    private EmitterBenchmark() {}

    record Result(
            String name,
            double emitsPerSecond,
            long p50Us,
            long p99Us,
            double redisOpsPerSecond,
            long publishCalls,
            long errors,
            double clientCpuUsPerEmit,
            double redisCpuUsPerEmit) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                settings.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        int rounds = Integer.parseInt(settings.getOrDefault("rounds", "5"));
        int perRound = Integer.parseInt(settings.getOrDefault("perRound", "100000"));
        int size = Integer.parseInt(settings.getOrDefault("size", "64"));
        double goal = Double.parseDouble(settings.getOrDefault("goal", "2.0"));
        List<String> variants = List.of(settings.getOrDefault("variants", "official,java-classic,java-sharded")
                .split(","));
        System.out.printf(
                "emitter benchmark: %d rounds of %d emits, %d-byte string, java %s, cpus %d%n",
                rounds,
                perRound,
                size,
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        List<Result> results = new ArrayList<>();
        try (RedisServer redis = RedisServer.start(Ports.free())) {
            for (String variant : variants) {
                Result result = switch (variant) {
                    case "official" -> official(redis, rounds, perRound, size);
                    case "java-classic" -> java(redis, EmitterMode.CLASSIC, rounds, perRound, size);
                    case "java-sharded" -> java(redis, EmitterMode.SHARDED, rounds, perRound, size);
                    case "java-streams" -> java(redis, EmitterMode.STREAMS, rounds, perRound, size);
                    case "node-classic" -> node(redis, rounds, perRound, size);
                    default -> throw new IllegalArgumentException("unknown variant " + variant);
                };
                results.add(result);
                System.out.printf(
                        "%-13s %9.0f emits/s  completion p50 %8d us  p99 %8d us  redis %9.0f cmds/s"
                                + "  (s)publish/xadd calls %d  errors %d  cpu us/emit: emitter %.2f redis %.2f%n",
                        result.name,
                        result.emitsPerSecond,
                        result.p50Us,
                        result.p99Us,
                        result.redisOpsPerSecond,
                        result.publishCalls,
                        result.errors,
                        result.clientCpuUsPerEmit,
                        result.redisCpuUsPerEmit);
            }
        }
        Result official = results.stream()
                .filter(r -> r.name.equals("official"))
                .findFirst()
                .orElse(null);
        boolean met = true;
        if (official != null) {
            for (Result r : results) {
                if (r != official) {
                    double ratio = r.emitsPerSecond / official.emitsPerSecond;
                    boolean ok = ratio >= goal && r.errors == 0;
                    met &= ok;
                    System.out.printf(
                            "goal: %s >= %.1fx official emits/s: %.2fx %s%n",
                            r.name, goal, ratio, ok ? "MET" : "MISSED");
                }
            }
        }
        System.exit(met ? 0 : 3);
    }

    private static Result official(RedisServer redis, int rounds, int perRound, int size) throws Exception {
        try (NodePeers.Peer peer = NodePeers.start(
                NodePeers.peersDir().resolve("emitter-bench.js"),
                Map.of(
                        "REDIS_URL",
                        redis.uri(),
                        "KEY",
                        "bench-official",
                        "ROOM",
                        ROOM,
                        "PER_ROUND",
                        Integer.toString(perRound),
                        "SIZE",
                        Integer.toString(size)))) {
            peer.awaitContaining("\"ready\"", Duration.ofSeconds(30));
            peer.send("round warm-up");
            peer.awaitContaining("\"round\"", Duration.ofSeconds(120));
            Map<String, Long> before = info(redis.port());
            double cpuBefore = ProcessCpu.seconds(peer.pid());
            long start = System.nanoTime();
            double[] rates = new double[rounds];
            long p50 = 0;
            long p99 = 0;
            long errors = 0;
            for (int i = 0; i < rounds; i++) {
                peer.send("round run");
                JsonNode round = JSON.readTree(peer.awaitContaining("\"round\"", Duration.ofSeconds(120)));
                rates[i] = perRound * 1000.0 / round.get("ms").asDouble();
                p50 = Math.max(p50, round.get("p50Us").asLong()); // the worst round's percentiles
                p99 = Math.max(p99, round.get("p99Us").asLong());
                errors += round.get("errors").asLong();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = ProcessCpu.seconds(peer.pid()) - cpuBefore;
            Map<String, Long> after = info(redis.port());
            peer.send("quit");
            return new Result(
                    "official",
                    median(rates),
                    p50,
                    p99,
                    commandsPerSecond(before, after, seconds),
                    delta(before, after, "publish") + delta(before, after, "spublish"),
                    errors,
                    cpu * 1e6 / ((long) rounds * perRound),
                    redisCpuUs(before, after) / ((long) rounds * perRound));
        }
    }

    private static Result java(RedisServer redis, EmitterMode mode, int rounds, int perRound, int size)
            throws Exception {
        String text = "x".repeat(size);
        String name = "java-" + mode.name().toLowerCase(java.util.Locale.ROOT);
        try (Emitter emitter = Emitter.create(EmitterOptions.builder()
                .redisUri(redis.uri())
                .key("bench-" + name)
                .mode(mode)
                .build())) {
            Emitter room = emitter.to(ROOM);
            long[] latencies = new long[perRound];
            runJavaRound(room, perRound, text, latencies); // warm-up: connection, JIT
            Map<String, Long> before = info(redis.port());
            double cpuBefore = ProcessCpu.seconds(ProcessHandle.current().pid());
            long start = System.nanoTime();
            double[] rates = new double[rounds];
            long p50 = 0;
            long p99 = 0;
            long errors = 0;
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                errors += runJavaRound(room, perRound, text, latencies);
                rates[i] = perRound / ((System.nanoTime() - t0) / 1e9);
                long[] sorted = latencies.clone();
                Arrays.sort(sorted);
                p50 = Math.max(p50, sorted[perRound / 2] / 1000);
                p99 = Math.max(p99, sorted[Math.min(perRound - 1, (int) (perRound * 0.99))] / 1000);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = ProcessCpu.seconds(ProcessHandle.current().pid()) - cpuBefore;
            Map<String, Long> after = info(redis.port());
            return new Result(
                    name,
                    median(rates),
                    p50,
                    p99,
                    commandsPerSecond(before, after, seconds),
                    delta(before, after, "publish") + delta(before, after, "spublish") + delta(before, after, "xadd"),
                    errors,
                    cpu * 1e6 / ((long) rounds * perRound),
                    redisCpuUs(before, after) / ((long) rounds * perRound));
        }
    }

    /**
     * The adapter's publish path: a Java node (in this JVM, classic adapter) broadcasting to a room it has no
     * local member of, so every emit is one PUBLISH. A server's emit returns nothing to await, so a round ends
     * when Redis has counted that many more PUBLISH calls (INFO, polled every 2 ms); no latency figures.
     */
    private static Result node(RedisServer redis, int rounds, int perRound, int size) throws Exception {
        String text = "x".repeat(size);
        Adapter adapter = Adapters.create(
                AdapterConfig.classic(RedisEndpoint.standalone(redis.uri())).withKey("bench-node-classic"));
        try (SocketIoServer io = SocketIoServer.create(ServerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .adapter(adapter)
                .build())) {
            io.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
            runNodeRound(io, redis, perRound, text); // warm-up: connection, JIT
            Map<String, Long> before = info(redis.port());
            double cpuBefore = ProcessCpu.seconds(ProcessHandle.current().pid());
            long start = System.nanoTime();
            double[] rates = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                runNodeRound(io, redis, perRound, text);
                rates[i] = perRound / ((System.nanoTime() - t0) / 1e9);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = ProcessCpu.seconds(ProcessHandle.current().pid()) - cpuBefore;
            Map<String, Long> after = info(redis.port());
            long published = delta(before, after, "publish");
            return new Result(
                    "node-classic",
                    median(rates),
                    0,
                    0,
                    commandsPerSecond(before, after, seconds),
                    published,
                    (long) rounds * perRound - published,
                    cpu * 1e6 / ((long) rounds * perRound),
                    redisCpuUs(before, after) / ((long) rounds * perRound));
        }
    }

    private static void runNodeRound(SocketIoServer io, RedisServer redis, int perRound, String text) throws Exception {
        long target = info(redis.port()).getOrDefault("cmdstat_publish", 0L) + perRound;
        for (int i = 0; i < perRound; i++) {
            io.to(ROOM).emit("msg", i, text);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (info(redis.port()).getOrDefault("cmdstat_publish", 0L) < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis did not see " + perRound + " PUBLISH calls within 120 s");
            }
            Thread.sleep(2); // polling Redis' own counter: the only completion a server emit has
        }
    }

    /** One round of fire-and-forget emits, then awaits all of them; returns the number of failed emits. */
    private static long runJavaRound(Emitter room, int perRound, String text, long[] latencies) throws Exception {
        AtomicInteger failed = new AtomicInteger();
        CompletableFuture<?>[] stages = new CompletableFuture<?>[perRound];
        for (int i = 0; i < perRound; i++) {
            int index = i;
            long t0 = System.nanoTime();
            stages[i] = room.emit("msg", i, text).toCompletableFuture().whenComplete((ok, error) -> {
                latencies[index] = System.nanoTime() - t0;
                if (error != null && failed.getAndIncrement() == 0) {
                    System.out.println("first failure: " + error);
                }
            });
        }
        try {
            CompletableFuture.allOf(stages).get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            // counted above
        }
        return failed.get();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double commandsPerSecond(Map<String, Long> before, Map<String, Long> after, double seconds) {
        return (after.getOrDefault("total_commands_processed", 0L)
                        - before.getOrDefault("total_commands_processed", 0L))
                / seconds;
    }

    /** Redis's own CPU (used_cpu_user + used_cpu_sys of INFO, kept in microseconds) between two INFOs. */
    private static double redisCpuUs(Map<String, Long> before, Map<String, Long> after) {
        return after.getOrDefault("used_cpu_us", 0L) - before.getOrDefault("used_cpu_us", 0L);
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String command) {
        String key = "cmdstat_" + command;
        return after.getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
    }

    /** total_commands_processed and the calls of every command, from INFO over a plain RESP socket. */
    static Map<String, Long> info(int port) throws IOException {
        Map<String, Long> values = new HashMap<>();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("INFO all\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String header = in.readLine(); // $<length>
            int length = Integer.parseInt(header.substring(1));
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            for (String line : new String(body, 0, read).split("\r\n")) {
                if (line.startsWith("total_commands_processed:")) {
                    values.put(
                            "total_commands_processed",
                            Long.parseLong(line.substring(25).trim()));
                } else if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                    long micros = Math.round(Double.parseDouble(
                                    line.substring(line.indexOf(':') + 1).trim())
                            * 1e6);
                    values.merge("used_cpu_us", micros, Long::sum);
                } else if (line.startsWith("cmdstat_")) {
                    int colon = line.indexOf(':');
                    String calls = line.substring(colon + 1).split(",")[0]; // calls=N
                    values.put(line.substring(0, colon), Long.parseLong(calls.substring(6)));
                }
            }
        }
        return values;
    }
}
