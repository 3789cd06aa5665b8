package org.socketiooperator.server.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.socketiooperator.server.SocketIoServer;
import org.socketiooperator.server.api.ServerOptions;
import org.socketiooperator.testsupport.NodePeers;

/**
 * Prints idle-connection memory and broadcast fan-out figures for one node. Not a test: run it by hand
 * (see server/README.md). Arguments: clients (1000), broadcasts (200).
 * The load generator shares the machine, so the latencies are pessimistic.
 */
public final class ServerBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServerBenchmark() {}

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int broadcasts = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        SocketIoServer io = SocketIoServer.create(
                ServerOptions.builder().host("127.0.0.1").port(0).build());
        int port = io.start().toCompletableFuture().join();
        long heapBefore = usedHeapAfterGc();
        long rssBefore = rssBytes();

        String url = "ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket";
        try (NodePeers.Peer load = NodePeers.start(
                NodePeers.peersDir().resolve("client-bench.js"), Map.of(), url, String.valueOf(clients))) {
            long t0 = System.nanoTime();
            load.awaitContaining("\"ready\"", Duration.ofMinutes(3));
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            long heapAfter = usedHeapAfterGc();
            long rssAfter = rssBytes();
            System.out.printf(
                    "idle: %d websocket clients connected in %.1f s; sockets=%d%n",
                    clients, connectSeconds, io.stats().sockets());
            System.out.printf(
                    "idle: heap used after GC %.1f MiB (+%.1f KiB per client), RSS %.1f MiB (+%.1f KiB per client)%n",
                    heapAfter / 1048576.0,
                    (heapAfter - heapBefore) / 1024.0 / clients,
                    rssAfter / 1048576.0,
                    (rssAfter - rssBefore) / 1024.0 / clients);

            long expected = (long) clients * broadcasts;
            load.send("expect " + expected);
            long cpuBefore = processCpuNanos();
            long start = System.currentTimeMillis();
            for (int i = 0; i < broadcasts; i++) {
                io.emit("tick", System.currentTimeMillis(), "payload-" + i);
            }
            Map<?, ?> report = JSON.readValue(load.awaitContaining("\"report\"", Duration.ofMinutes(2)), Map.class);
            double serverCpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
            long received = ((Number) report.get("received")).longValue();
            double seconds = Math.max(1, ((Number) report.get("last")).longValue() - start) / 1000.0;
            System.out.printf(
                    "fan-out: %d broadcasts x %d clients = %d/%d deliveries in %.2f s: %.0f deliveries/s,"
                            + " latency p50 %s ms, p99 %s ms%n",
                    broadcasts,
                    clients,
                    received,
                    expected,
                    seconds,
                    received / seconds,
                    report.get("p50"),
                    report.get("p99"));
            System.out.printf(
                    "fan-out: the server used %.2f s of CPU for it (%.1f µs per delivery); the rest of the"
                            + " wall time is the load generator and other processes on the machine%n",
                    serverCpuSeconds, serverCpuSeconds * 1e6 / Math.max(1, received));
        } finally {
            io.close();
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long rssBytes() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
