package org.socketiooperator.adapter.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.testing.ClusterBusWarmup;
import org.socketiooperator.adapter.testing.Trio;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.testsupport.RedisCluster;

/**
 * Classic mode in a Redis Cluster whose seed node dies for good: the node linked to
 * it moves its publishing and subscribing connections to another master and cross-node traffic and
 * counts come back without a restart. The time without delivery is printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassicClusterFailoverIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private RedisCluster cluster;
    private final List<ClassicAdapter> adapters = new ArrayList<>();

    @BeforeAll
    void start() {
        cluster = RedisCluster.startOnFreePorts(3);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
        ClusterBusWarmup.awaitPropagation(cluster.nodes(), WAIT);
    }

    @AfterAll
    void stop() {
        adapters.forEach(ClassicAdapter::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aNodeLinkedToAKilledSeedFailsOverToAnotherMaster() {
        List<String> uris = cluster.uris();
        // node 1 is linked to the seed that dies, node 2 to a node that survives
        ClassicAdapter pinned = track(ClassicAdapter.create(AdapterConfig.classic(RedisEndpoint.cluster(uris))));
        ClassicAdapter survivor = track(ClassicAdapter.create(
                AdapterConfig.classic(RedisEndpoint.cluster(List.of(uris.get(1), uris.get(2), uris.get(0))))));
        try (var trio = new Trio<>(List.of(pinned, survivor), "/failover")) {
            trio.flushFrom(1);
            trio.flushFrom(2);

            long killedAt = System.nanoTime();
            cluster.nodes().get(0).kill();
            await().atMost(WAIT).until(() -> !pinned.health().connected());

            // Messages sent while the link moves are lost (as in Node); resend until they arrive both ways.
            await().atMost(WAIT).until(() -> {
                trio.node(2).cluster().broadcast(EventPacket.of("/failover", "to-pinned"), BroadcastOptions.ALL);
                return trio.socket(1).count("to-pinned") > 0;
            });
            long deliveredAfterMs = (System.nanoTime() - killedAt) / 1_000_000;
            await().atMost(WAIT).until(() -> {
                trio.node(1).cluster().broadcast(EventPacket.of("/failover", "from-pinned"), BroadcastOptions.ALL);
                return trio.socket(2).count("from-pinned") > 0;
            });
            await().atMost(WAIT).until(() -> pinned.health().connected());
            int seedPort = cluster.nodes().get(0).port();
            assertThat(pinned.health().detail())
                    .doesNotContain(":" + seedPort + " ")
                    .containsAnyOf(cluster.nodes().subList(1, 3).stream()
                            .map(n -> "via 127.0.0.1:" + n.port())
                            .toArray(String[]::new));
            System.out.println("[classic failover] seed killed, delivery to the node linked to it back after "
                    + deliveredAfterMs + " ms; " + pinned.health().detail());

            // NUMSUB is summed over the masters that still answer: both nodes are counted again
            await().atMost(WAIT)
                    .until(() -> trio.node(2)
                                            .cluster()
                                            .serverCount()
                                            .toCompletableFuture()
                                            .join()
                                    == 2
                            && trio.node(1)
                                            .cluster()
                                            .serverCount()
                                            .toCompletableFuture()
                                            .join()
                                    == 2);
            trio.flushFrom(1);
            trio.flushFrom(2);
        }
    }

    private ClassicAdapter track(ClassicAdapter adapter) {
        adapters.add(adapter);
        return adapter;
    }
}
