package org.socketiooperator.adapter.sharded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.protocol.sharded.SubscriptionMode;
import org.socketiooperator.adapter.testing.FakeSocket;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.testsupport.RedisCluster;
import org.socketiooperator.testsupport.RedisServer;

/**
 * The checklist in each subscription mode on a 3-master Redis Cluster the test starts (ports 16430-16432),
 * where every channel lives on the shard owning its slot; then dynamic-mode hygiene and a killed and
 * restarted master (no replicas on loopback, so no failover: the master's own return is what is awaited).
 */
class ShardedClusterIT {

    static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start(16430, 3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static RedisEndpoint endpoint() {
        return RedisEndpoint.cluster(cluster.uris());
    }

    @Nested
    class Static extends ShardedChecklist {
        RedisEndpoint endpoint() {
            return ShardedClusterIT.endpoint();
        }

        SubscriptionMode mode() {
            return SubscriptionMode.STATIC;
        }
    }

    @Nested
    class Dynamic extends ShardedChecklist {
        RedisEndpoint endpoint() {
            return ShardedClusterIT.endpoint();
        }

        SubscriptionMode mode() {
            return SubscriptionMode.DYNAMIC;
        }

        @Test
        void roomChannelsAreSpreadOverTheShards() {
            List<String> rooms = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                rooms.add("spread-" + i);
            }
            join(s2, 2, rooms.toArray(String[]::new));

            long owners = rooms.stream().map(r -> probe.ownerPort(prefix + "#/#" + r + "#")).distinct().count();
            assertThat(owners).isEqualTo(3);
            for (String room : rooms) {
                assertThat(probe.shardNumSub(prefix + "#/#" + room + "#")).as(room).isEqualTo(1);
            }
        }

        @Test
        void zz_aThousandRoomsJoinedAndLeftLeaveNoStaleSubscription() {
            for (int i = 0; i < 1000; i++) {
                node(1).root().join(s1.id(), "hygiene-" + i);
            }
            await().atMost(WAIT).until(() -> probe.shardChannels(prefix + "#/#hygiene-*").size() == 1000);
            for (int i = 0; i < 1000; i++) {
                node(1).root().leave(s1.id(), "hygiene-" + i);
            }
            await().atMost(WAIT).until(() -> probe.shardChannels(prefix + "#/#hygiene-*").isEmpty());
            assertThat(node(1).sharded().roomChannels()).isEmpty();
            settle();
        }

        @Test
        void zzz_aKilledAndRestartedMasterResumesDeliveryByItself() {
            join(s2, 2, "failover-room");
            String channel = prefix + "#/#failover-room#";
            int port = probe.ownerPort(channel);
            RedisServer master = cluster.nodes().stream().filter(n -> n.port() == port).findFirst().orElseThrow();

            long start = System.nanoTime();
            master.kill();
            // let the other masters notice (cluster-node-timeout 2 s) before the master comes back
            int witness = cluster.nodes().stream().mapToInt(RedisServer::port).filter(p -> p != port).findFirst()
                    .orElseThrow();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> RedisCluster.cli(witness, "CLUSTER", "INFO").contains("cluster_state:fail"));
            long detectedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
            master.restart();
            long interruptedMs = DeliveryProbe.awaitDelivery(io(1), BroadcastOptions.toRoom("failover-room"), s2,
                    start, Duration.ofSeconds(30));
            cluster.awaitHealthy(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(20)).until(() -> probe.shardNumSub(channel) == 1
                    && probe.shardNumSub(prefix + "#/#") == 3);
            System.out.printf("[sharded cluster] master :%d killed, cluster_state:fail after %d ms, restarted: room"
                    + " delivery interrupted for %d ms in total%n", port, detectedMs, interruptedMs);
            FakeSocket check = s3;
            io(1).broadcast(org.socketiooperator.protocol.model.EventPacket.of("/", "after"), BroadcastOptions.ALL);
            await().atMost(WAIT).until(() -> check.count("after") == 1);
        }

        @Test
        void aSlotMovedToAnotherMasterTakesItsRoomSubscriptionAlong() {
            join(s2, 2, "moving-room");
            String channel = prefix + "#/#moving-room#";
            int from = probe.ownerPort(channel);
            int to = cluster.nodes().stream().mapToInt(RedisServer::port).filter(p -> p != from).findFirst().orElseThrow();
            String slot = Integer.toString(io.lettuce.core.cluster.SlotHash.getSlot(channel));
            String fromId = RedisCluster.cli(from, "CLUSTER", "MYID").trim();
            String toId = RedisCluster.cli(to, "CLUSTER", "MYID").trim();

            long start = System.nanoTime();
            RedisCluster.cli(to, "CLUSTER", "SETSLOT", slot, "IMPORTING", fromId);
            RedisCluster.cli(from, "CLUSTER", "SETSLOT", slot, "MIGRATING", toId);
            RedisCluster.cli(to, "CLUSTER", "SETSLOT", slot, "NODE", toId);
            RedisCluster.cli(from, "CLUSTER", "SETSLOT", slot, "NODE", toId);
            cluster.nodes().stream().mapToInt(RedisServer::port).filter(p -> p != from && p != to)
                    .forEach(p -> RedisCluster.cli(p, "CLUSTER", "SETSLOT", slot, "NODE", toId));

            long interruptedMs = DeliveryProbe.awaitDelivery(io(1), BroadcastOptions.toRoom("moving-room"), s2, start,
                    Duration.ofSeconds(20));
            await().atMost(WAIT).until(() -> RedisCluster.cli(to, "PUBSUB", "SHARDNUMSUB", channel).strip()
                    .endsWith("\n1"));
            assertThat(RedisCluster.cli(from, "PUBSUB", "SHARDNUMSUB", channel).strip()).endsWith("\n0");
            System.out.printf("[sharded cluster] slot %s moved :%d -> :%d: room delivery interrupted for %d ms%n",
                    slot, from, to, interruptedMs);
        }
    }

    @Nested
    class DynamicPrivate extends ShardedChecklist {
        RedisEndpoint endpoint() {
            return ShardedClusterIT.endpoint();
        }

        SubscriptionMode mode() {
            return SubscriptionMode.DYNAMIC_PRIVATE;
        }
    }
}
