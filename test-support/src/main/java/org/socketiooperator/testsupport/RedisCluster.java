package org.socketiooperator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;

/**
 * A Redis Cluster of {@code masters} masters (no replicas unless asked) on consecutive loopback ports,
 * created with {@code redis-cli --cluster create}; {@link #close()} stops every node.
 */
public final class RedisCluster implements AutoCloseable {

    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = nodes;
    }

    /** Starts {@code masters} masters plus {@code replicasPerMaster} replicas each, from {@code firstPort} on. */
    public static RedisCluster start(int firstPort, int masters, int replicasPerMaster) {
        int count = masters * (1 + replicasPerMaster);
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int port : IntStream.range(firstPort, firstPort + count).toArray()) {
                nodes.add(RedisServer.start(
                        port,
                        "--cluster-enabled",
                        "yes",
                        "--cluster-config-file",
                        "nodes-" + port + ".conf",
                        "--cluster-node-timeout",
                        "2000"));
            }
            List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            nodes.forEach(n -> command.add("127.0.0.1:" + n.port()));
            command.addAll(List.of("--cluster-replicas", Integer.toString(replicasPerMaster), "--cluster-yes"));
            run(command);
            RedisCluster cluster = new RedisCluster(nodes);
            cluster.awaitHealthy(Duration.ofSeconds(30));
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(RedisServer::close);
            throw e;
        }
    }

    public static RedisCluster start(int firstPort, int masters) {
        return start(firstPort, masters, 0);
    }

    /**
     * Starts {@code masters} masters plus {@code replicasPerMaster} replicas each on free consecutive loopback
     * ports (their bus ports free too), trying another block when one is taken between the check and the bind.
     */
    public static RedisCluster startOnFreePorts(int masters, int replicasPerMaster) {
        int count = masters * (1 + replicasPerMaster);
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return start(LoopbackPorts.freeClusterBlock(count), masters, replicasPerMaster);
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    public static RedisCluster startOnFreePorts(int masters) {
        return startOnFreePorts(masters, 0);
    }

    public List<RedisServer> nodes() {
        return nodes;
    }

    /** Seed URIs, one per node. */
    public List<String> uris() {
        return nodes.stream().map(RedisServer::uri).toList();
    }

    /** Waits until every node reports {@code cluster_state:ok}. */
    public void awaitHealthy(Duration timeout) {
        // Redis offers no event for the cluster state: polled
        Awaitility.await("Redis Cluster healthy (cluster_state:ok on every running node)")
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> nodes.stream()
                        .filter(RedisServer::isRunning)
                        .allMatch(n -> cli(n.port(), "CLUSTER", "INFO").contains("cluster_state:ok")));
    }

    /** Runs one redis-cli command against a node and returns its output. */
    public static String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        return run(command);
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }

    private static String run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
