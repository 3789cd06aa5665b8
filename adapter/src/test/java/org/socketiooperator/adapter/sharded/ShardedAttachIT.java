package org.socketiooperator.adapter.sharded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.testing.FakeNamespace;
import org.socketiooperator.adapter.testing.FakeSocket;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.sharded.SubscriptionMode;
import org.socketiooperator.testsupport.RedisCluster;

/**
 * Attaching a namespace while the cluster node that owns its channel is frozen (SIGSTOP): attach returns at once instead of waiting out the command timeout, and once the node
 * answers again the subscription is in place and messages flow.
 */
class ShardedAttachIT {

    private static final Duration QUICK = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.startOnFreePorts(3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void attachDoesNotWaitForAFrozenNodeAndSubscribesOnceItAnswers() throws Exception {
        RedisEndpoint endpoint = RedisEndpoint.cluster(cluster.uris());
        AdapterConfig config =
                AdapterConfig.sharded(endpoint, SubscriptionMode.STATIC).withKey("attach-" + ShardedIds.next());
        String namespaceChannel = config.key() + "#/#";
        try (RedisProbe probe = new RedisProbe(endpoint);
                ShardedAdapter peer = new ShardedAdapter(config);
                ShardedAdapter node = new ShardedAdapter(config)) {
            NamespaceAdapter sender = peer.attach(new FakeNamespace("/"));
            await().atMost(WAIT).until(() -> probe.shardNumSub(namespaceChannel) == 1);
            String pid = processId(probe.ownerPort(namespaceChannel));
            FakeNamespace local = new FakeNamespace("/");

            long start = System.nanoTime();
            signal("-STOP", pid);
            try {
                CompletableFuture.supplyAsync(() -> node.attach(local)).get(QUICK.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(QUICK);
            } finally {
                signal("-CONT", pid);
            }

            await().atMost(WAIT).until(() -> probe.shardNumSub(namespaceChannel) == 2);
            FakeSocket socket = local.connect();
            DeliveryProbe.awaitDelivery(sender, BroadcastOptions.ALL, socket, start, WAIT);
        }
    }

    private static String processId(int port) {
        return RedisCluster.cli(port, "INFO", "server")
                .lines()
                .filter(l -> l.startsWith("process_id:"))
                .map(l -> l.substring("process_id:".length()).strip())
                .findFirst()
                .orElseThrow();
    }

    private static void signal(String signal, String pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, pid).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0)
                .as("kill " + signal)
                .isTrue();
    }
}
