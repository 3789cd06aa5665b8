package org.socketiooperator.adapter.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.cluster.SlotHash;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.factory.Adapters;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.sharded.SubscriptionMode;
import org.socketiooperator.testsupport.RedisCluster;
import org.socketiooperator.testsupport.RedisServer;

/**
 * Sharded mode (dynamic) on a 3-master + 3-replica cluster: each node's room channel
 * lives on a different shard; the master holding the namespace channel and one room channel is killed
 * for good and its replica takes over. Delivery and counts must come back with no restart of the nodes.
 */
class ShardedReplicaFailoverIT extends ReplicaClusterFixture {

    @Test
    void aKilledMasterIsReplacedByItsReplicaAndDeliveryResumesByItself() {
        String prefix = "failover-" + UUID.randomUUID().toString().substring(0, 8);
        ClusterLayout before = ClusterLayout.seenBy(cluster.nodes().get(0).port());
        List<ClusterLayout.Node> masters = before.masters();
        assertThat(masters).hasSize(3);

        // one room per node, each on another shard, so the kill hits one room channel and spares two
        List<String> rooms = new ArrayList<>();
        for (ClusterLayout.Node master : masters) {
            rooms.add(roomServedBy(master, prefix));
        }
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Adapter adapter = Adapters.create(
                    AdapterConfig.sharded(RedisEndpoint.cluster(cluster.uris()), SubscriptionMode.DYNAMIC)
                            .withKey(prefix));
            adapters.add(adapter);
            Member member = Member.join(adapter, "/");
            member.local().join(member.socket().id(), rooms.get(i));
            members.add(member);
        }
        await().atMost(WAIT).until(() -> members.stream().allMatch(m -> m.serverCount() == 3));
        assertEveryRoomAndTheNamespaceDeliver(members, rooms, System.nanoTime());

        // kill the master of the namespace channel; the room served there belongs to node `hit`
        int nspSlot = SlotHash.getSlot(prefix + "#/#");
        ClusterLayout.Node victim = before.masterOf(nspSlot).orElseThrow();
        int hit = masters.indexOf(victim);
        RedisServer victimServer = cluster.nodes().stream()
                .filter(n -> n.port() == victim.port())
                .findFirst()
                .orElseThrow();
        Member sender = members.get((hit + 1) % 3);
        Member receiver = members.get(hit);

        int witness = masters.get((hit + 1) % 3).port();
        long killedAt = System.nanoTime();
        victimServer.kill();
        CompletableFuture<ClusterLayout.Promotion> promotion =
                ClusterLayout.promotion(witness, nspSlot, victim.port(), killedAt, WAIT);
        long roomMs;
        try {
            roomMs = sender.broadcastUntilDelivered(
                    BroadcastOptions.toRoom(rooms.get(hit)), receiver.socket(), killedAt, WAIT);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "room delivery did not resume; cluster as :" + witness + " sees it:\n"
                            + RedisCluster.cli(witness, "CLUSTER", "NODES"),
                    e);
        }
        long namespaceMs = sender.broadcastUntilDelivered(BroadcastOptions.ALL, receiver.socket(), killedAt, WAIT);

        ClusterLayout.Promotion promoted = promotion.join();
        cluster.awaitHealthy(WAIT);

        assertEveryRoomAndTheNamespaceDeliver(members, rooms, System.nanoTime());
        await().atMost(WAIT).until(() -> members.stream().allMatch(m -> m.serverCount() == 3));
        System.out.printf(
                "[sharded replica failover] master :%d SIGKILLed, replica :%d promoted after %d ms;"
                        + " delivery interrupted for %d ms (room on the lost shard), %d ms (namespace channel on it)%n",
                victim.port(), promoted.port(), promoted.afterMs(), roomMs, namespaceMs);
    }

    /** From each node to the next one: its room and the whole namespace. */
    private static void assertEveryRoomAndTheNamespaceDeliver(List<Member> members, List<String> rooms, long since) {
        for (int i = 0; i < 3; i++) {
            Member from = members.get(i);
            Member to = members.get((i + 1) % 3);
            from.broadcastUntilDelivered(BroadcastOptions.toRoom(rooms.get((i + 1) % 3)), to.socket(), since, WAIT);
            from.broadcastUntilDelivered(BroadcastOptions.ALL, to.socket(), since, WAIT);
        }
    }

    private static String roomServedBy(ClusterLayout.Node master, String prefix) {
        for (int n = 0; ; n++) {
            String room = "room-" + n;
            if (master.serves(SlotHash.getSlot(prefix + "#/#" + room + "#"))) {
                return room;
            }
        }
    }
}
