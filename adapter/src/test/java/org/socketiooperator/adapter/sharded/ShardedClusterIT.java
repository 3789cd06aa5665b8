package org.socketiooperator.adapter.sharded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.testing.FakeSocket;
import org.socketiooperator.adapter.testing.Trio;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.sharded.SubscriptionMode;
import org.socketiooperator.testsupport.RedisCluster;
import org.socketiooperator.testsupport.RedisServer;

/**
 * Dynamic mode on a 3-master Redis Cluster of its own (free loopback ports), where every channel lives on
 * the shard owning its slot: room channels spread over the shards, 1,000 rooms leave no stale
 * subscription, a killed and restarted master and a moved slot (no replicas on loopback, so no failover:
 * the master's own return is what is awaited). These change the cluster, so they do not use the shared
 * one; the common checklist on a cluster is {@code AdapterConformanceIT}, the wire checks {@code ShardedWireIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShardedClusterIT {

    static final Duration WAIT = Duration.ofSeconds(10);

    private RedisCluster cluster;
    private ShardedNodes nodes;
    private Trio<ShardedAdapter> trio;

    @BeforeAll
    void startCluster() {
        cluster = RedisCluster.startOnFreePorts(3);
        nodes = new ShardedNodes(RedisEndpoint.cluster(cluster.uris()), SubscriptionMode.DYNAMIC);
    }

    @AfterAll
    void stopCluster() {
        if (nodes != null) {
            nodes.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void openNamespace() {
        trio = nodes.open("/t-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterEach
    void closeNamespace() {
        trio.close();
    }

    private RedisProbe probe() {
        return nodes.probe;
    }

    private String namespaceChannel() {
        return nodes.prefix + "#" + trio.nsp + "#";
    }

    private String roomChannel(String room) {
        return namespaceChannel() + room + "#";
    }

    private void join(int socket, String... rooms) {
        for (String room : rooms) {
            trio.node(socket).local().join(trio.socket(socket).id(), room);
        }
        nodes.awaitSubscriptions(trio);
    }

    @Test
    void roomChannelsAreSpreadOverTheShards() {
        List<String> rooms = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rooms.add("spread-" + i);
        }
        join(2, rooms.toArray(String[]::new));

        long owners = rooms.stream()
                .map(r -> probe().ownerPort(roomChannel(r)))
                .distinct()
                .count();
        assertThat(owners).isEqualTo(3);
        for (String room : rooms) {
            assertThat(probe().shardNumSub(roomChannel(room))).as(room).isEqualTo(1);
        }
    }

    @Test
    void zz_aThousandRoomsJoinedAndLeftLeaveNoStaleSubscription() {
        for (int i = 0; i < 1000; i++) {
            trio.node(1).local().join(trio.socket(1).id(), "hygiene-" + i);
        }
        await().atMost(WAIT)
                .until(() ->
                        probe().shardChannels(namespaceChannel() + "hygiene-*").size() == 1000);
        for (int i = 0; i < 1000; i++) {
            trio.node(1).local().leave(trio.socket(1).id(), "hygiene-" + i);
        }
        await().atMost(WAIT)
                .until(() ->
                        probe().shardChannels(namespaceChannel() + "hygiene-*").isEmpty());
        assertThat(ShardedNodes.sharded(trio, 1).roomChannels()).isEmpty();
        nodes.awaitSubscriptions(trio);
    }

    @Test
    void zzz_aKilledAndRestartedMasterResumesDeliveryByItself() {
        join(2, "failover-room");
        String channel = roomChannel("failover-room");
        int port = probe().ownerPort(channel);
        RedisServer master = cluster.nodes().stream()
                .filter(n -> n.port() == port)
                .findFirst()
                .orElseThrow();

        long start = System.nanoTime();
        master.kill();
        // let the other masters notice (cluster-node-timeout 2 s) before the master comes back
        int witness = cluster.nodes().stream()
                .mapToInt(RedisServer::port)
                .filter(p -> p != port)
                .findFirst()
                .orElseThrow();
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> RedisCluster.cli(witness, "CLUSTER", "INFO").contains("cluster_state:fail"));
        long detectedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        master.restart();
        long interruptedMs = DeliveryProbe.awaitDelivery(
                trio.node(1).cluster(),
                trio.nsp,
                BroadcastOptions.toRoom("failover-room"),
                trio.socket(2),
                start,
                Duration.ofSeconds(30));
        cluster.awaitHealthy(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> probe().shardNumSub(channel) == 1 && probe().shardNumSub(namespaceChannel()) == 3);
        System.out.printf(
                "[sharded cluster] master :%d killed, cluster_state:fail after %d ms, restarted: room"
                        + " delivery interrupted for %d ms in total%n",
                port, detectedMs, interruptedMs);
        FakeSocket check = trio.socket(3);
        trio.node(1).cluster().broadcast(EventPacket.of(trio.nsp, "after"), BroadcastOptions.ALL);
        await().atMost(WAIT).until(() -> check.count("after") == 1);
    }

    @Test
    void aSlotMovedToAnotherMasterTakesItsRoomSubscriptionAlong() {
        join(2, "moving-room");
        String channel = roomChannel("moving-room");
        int from = probe().ownerPort(channel);
        int to = cluster.nodes().stream()
                .mapToInt(RedisServer::port)
                .filter(p -> p != from)
                .findFirst()
                .orElseThrow();
        String slot = Integer.toString(io.lettuce.core.cluster.SlotHash.getSlot(channel));
        String fromId = RedisCluster.cli(from, "CLUSTER", "MYID").trim();
        String toId = RedisCluster.cli(to, "CLUSTER", "MYID").trim();

        long start = System.nanoTime();
        RedisCluster.cli(to, "CLUSTER", "SETSLOT", slot, "IMPORTING", fromId);
        RedisCluster.cli(from, "CLUSTER", "SETSLOT", slot, "MIGRATING", toId);
        RedisCluster.cli(to, "CLUSTER", "SETSLOT", slot, "NODE", toId);
        RedisCluster.cli(from, "CLUSTER", "SETSLOT", slot, "NODE", toId);
        cluster.nodes().stream()
                .mapToInt(RedisServer::port)
                .filter(p -> p != from && p != to)
                .forEach(p -> RedisCluster.cli(p, "CLUSTER", "SETSLOT", slot, "NODE", toId));

        long interruptedMs = DeliveryProbe.awaitDelivery(
                trio.node(1).cluster(),
                trio.nsp,
                BroadcastOptions.toRoom("moving-room"),
                trio.socket(2),
                start,
                Duration.ofSeconds(20));
        await().atMost(WAIT)
                .until(() -> RedisCluster.cli(to, "PUBSUB", "SHARDNUMSUB", channel)
                        .strip()
                        .endsWith("\n1"));
        assertThat(RedisCluster.cli(from, "PUBSUB", "SHARDNUMSUB", channel).strip())
                .endsWith("\n0");
        System.out.printf(
                "[sharded cluster] slot %s moved :%d -> :%d: room delivery interrupted for %d ms%n",
                slot, from, to, interruptedMs);
    }
}
