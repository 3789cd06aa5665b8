package org.socketiooperator.adapter.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.factory.Adapters;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.testsupport.RedisServer;

/**
 * Classic mode on a 3-master + 3-replica cluster: node i is linked to master i
 * (its first seed). Master 0 is killed for good and its replica takes over; node 0 moves its link and
 * cross-node delivery and counts come back with no restart of the nodes.
 */
class ClassicReplicaFailoverIT extends ReplicaClusterFixture {

    @Test
    void theNodeLinkedToAKilledMasterMovesOnAndDeliveryResumesByItself() {
        String prefix = "failover-" + UUID.randomUUID().toString().substring(0, 8);
        List<ClusterLayout.Node> masters =
                ClusterLayout.seenBy(cluster.nodes().get(0).port()).masters();
        assertThat(masters).hasSize(3);

        List<Member> members = new ArrayList<>();
        List<String> rooms = List.of("room-0", "room-1", "room-2");
        for (int i = 0; i < 3; i++) {
            List<String> seeds = new ArrayList<>();
            seeds.add("redis://127.0.0.1:" + masters.get(i).port());
            cluster.uris().stream().filter(u -> !seeds.contains(u)).forEach(seeds::add);
            Adapter adapter = Adapters.create(
                    AdapterConfig.classic(RedisEndpoint.cluster(seeds)).withKey(prefix));
            adapters.add(adapter);
            assertThat(adapter.health().detail())
                    .contains("via 127.0.0.1:" + masters.get(i).port());
            Member member = Member.join(adapter, "/");
            member.local().join(member.socket().id(), rooms.get(i));
            members.add(member);
        }
        await().atMost(WAIT).until(() -> members.stream().allMatch(m -> m.serverCount() == 3));
        assertEveryRoomAndTheNamespaceDeliver(members, rooms, System.nanoTime());

        ClusterLayout.Node victim = masters.get(0);
        RedisServer victimServer = cluster.nodes().stream()
                .filter(n -> n.port() == victim.port())
                .findFirst()
                .orElseThrow();
        Member linked = members.get(0);
        Member other = members.get(1);

        int witness = masters.get(1).port();
        int slot = victim.slots().get(0)[0];
        long killedAt = System.nanoTime();
        victimServer.kill();
        CompletableFuture<ClusterLayout.Promotion> promotion =
                ClusterLayout.promotion(witness, slot, victim.port(), killedAt, WAIT);
        long toLinkedMs =
                other.broadcastUntilDelivered(BroadcastOptions.toRoom(rooms.get(0)), linked.socket(), killedAt, WAIT);
        long fromLinkedMs = linked.broadcastUntilDelivered(BroadcastOptions.ALL, other.socket(), killedAt, WAIT);

        ClusterLayout.Promotion promoted = promotion.join();
        cluster.awaitHealthy(WAIT);

        assertEveryRoomAndTheNamespaceDeliver(members, rooms, System.nanoTime());
        await().atMost(WAIT).until(() -> members.stream().allMatch(m -> m.serverCount() == 3));
        await().atMost(WAIT).until(() -> linked.adapter().health().connected());
        assertThat(linked.adapter().health().detail()).doesNotContain("via 127.0.0.1:" + victim.port() + ",");
        System.out.printf(
                "[classic replica failover] master :%d SIGKILLed, replica :%d promoted after %d ms;"
                        + " delivery interrupted for %d ms (room broadcast to the node linked to it), %d ms (namespace"
                        + " broadcast from it); %s%n",
                victim.port(),
                promoted.port(),
                promoted.afterMs(),
                toLinkedMs,
                fromLinkedMs,
                linked.adapter().health().detail());
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
}
