package org.socketiooperator.adapter.failover;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.socketiooperator.testsupport.RedisCluster;

/** Who serves which slots, as one live node sees it ({@code CLUSTER NODES}). */
record ClusterLayout(List<Node> members) {

    /** One line of {@code CLUSTER NODES}: slot ranges are inclusive pairs. */
    record Node(String id, int port, boolean master, boolean failed, List<int[]> slots) {

        boolean serves(int slot) {
            return slots.stream().anyMatch(r -> slot >= r[0] && slot <= r[1]);
        }
    }

    static ClusterLayout seenBy(int port) {
        List<Node> members = new ArrayList<>();
        for (String line : RedisCluster.cli(port, "CLUSTER", "NODES").split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 8) {
                continue;
            }
            String address = f[1].split("@")[0];
            int memberPort = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            List<int[]> slots = new ArrayList<>();
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue; // a slot being migrated, not served
                }
                String[] range = f[i].split("-");
                int from = Integer.parseInt(range[0]);
                slots.add(new int[] {from, range.length == 2 ? Integer.parseInt(range[1]) : from});
            }
            members.add(new Node(f[0], memberPort, f[2].contains("master"), f[2].contains("fail"), slots));
        }
        return new ClusterLayout(members);
    }

    /**
     * Waits until every replica has finished its first sync: a replica that never synced counts as too
     * stale to be promoted, and the killed master's slots would then stay down for good.
     */
    static void awaitReplicasInSync(RedisCluster cluster, int replicas, Duration atMost) {
        await().atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.nodes().stream()
                                .map(n -> RedisCluster.cli(n.port(), "INFO", "replication"))
                                .filter(info -> info.contains("role:slave") && info.contains("master_link_status:up"))
                                .count()
                        == replicas);
    }

    /** The replica that took over a dead master's slots, and when it was seen doing so. */
    record Promotion(int port, long afterMs) {}

    /**
     * Completes with the port of the node that serves {@code slot} in place of {@code deadPort} and the
     * milliseconds from {@code sinceNanos} until {@code witness} saw it take over.
     */
    static CompletableFuture<Promotion> promotion(
            int witness, int slot, int deadPort, long sinceNanos, Duration atMost) {
        return CompletableFuture.supplyAsync(() -> {
            int[] promoted = new int[1];
            await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
                promoted[0] = seenBy(witness).masterOf(slot).map(Node::port).orElse(deadPort);
                return promoted[0] != deadPort;
            });
            return new Promotion(
                    promoted[0],
                    Duration.ofNanos(System.nanoTime() - sinceNanos).toMillis());
        });
    }

    /** The healthy master serving {@code slot}, if any. */
    Optional<Node> masterOf(int slot) {
        return members.stream()
                .filter(m -> m.master() && !m.failed() && m.serves(slot))
                .findFirst();
    }

    /** Masters that serve slots, by port (a fresh replica may briefly call itself a master). */
    List<Node> masters() {
        return members.stream()
                .filter(m -> m.master() && !m.slots().isEmpty())
                .sorted(Comparator.comparingInt(Node::port))
                .toList();
    }
}
