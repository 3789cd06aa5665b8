package org.socketiooperator.adapter.sharded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.testing.FakeSocket;
import org.socketiooperator.adapter.testing.SharedTestCluster;
import org.socketiooperator.adapter.testing.Trio;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.sharded.SubscriptionMode;
import org.socketiooperator.testsupport.SharedRedis;

/**
 * The sharded wire checks (K76, K77, K79) in each subscription mode, on the shared standalone Redis and
 * on the shared Redis Cluster. Channel names are spelled out here, not taken from the code under test.
 * The common checklist is {@code AdapterConformanceIT}.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("setups")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShardedWireIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    record Setup(boolean cluster, SubscriptionMode mode) {
        RedisEndpoint endpoint() {
            return cluster
                    ? RedisEndpoint.cluster(SharedTestCluster.uris())
                    : RedisEndpoint.standalone(SharedRedis.uri());
        }

        @Override
        public String toString() {
            return mode + (cluster ? ", Redis Cluster" : ", standalone Redis");
        }
    }

    static Stream<Setup> setups() {
        return Stream.of(false, true)
                .flatMap(cluster -> Stream.of(SubscriptionMode.values()).map(mode -> new Setup(cluster, mode)));
    }

    @Parameter
    Setup setup;

    private ShardedNodes nodes;
    private Trio<ShardedAdapter> trio;

    // one instance serves every invocation (PER_CLASS): the nodes follow the invocation
    @BeforeParameterizedClassInvocation
    void startNodes() {
        nodes = new ShardedNodes(setup.endpoint(), setup.mode());
    }

    @AfterParameterizedClassInvocation
    void stopNodes() {
        if (nodes != null) {
            nodes.close();
            nodes = null;
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

    private String namespaceChannel() {
        return nodes.prefix + "#" + trio.nsp + "#";
    }

    @Test
    void k76_serverCountIsTheShardNumSubOfTheNamespaceChannel() throws Exception {
        assertThat(trio.node(2).cluster().serverCount().toCompletableFuture().get())
                .isEqualTo(3);
        assertThat(nodes.probe.shardNumSub(namespaceChannel())).isEqualTo(3);
    }

    @Test
    void k77_roomChannelsFollowTheSubscriptionMode() {
        FakeSocket s1 = trio.socket(1);
        String room = "k77-" + ShardedIds.next();
        String channel = namespaceChannel() + room + "#";

        trio.node(1).local().join(s1.id(), room);
        nodes.awaitSubscriptions(trio);
        long expectedPublic = setup.mode() == SubscriptionMode.STATIC ? 0 : 1;
        assertThat(nodes.probe.shardNumSub(channel)).isEqualTo(expectedPublic);
        long expectedPrivate = setup.mode() == SubscriptionMode.DYNAMIC_PRIVATE ? 1 : 0;
        assertThat(nodes.probe.shardNumSub(namespaceChannel() + s1.id() + "#")).isEqualTo(expectedPrivate);

        trio.node(1).local().leave(s1.id(), room);
        nodes.awaitSubscriptions(trio);
        assertThat(nodes.probe.shardNumSub(channel)).isZero();
    }

    @Test
    void k79_malformedMessagesAreDroppedWithoutHarm() {
        long before = nodes.adapters.stream()
                .mapToLong(a -> a.metrics().malformedDropped())
                .sum();
        FakeSocket s2 = trio.socket(2);
        trio.node(2).local().join(s2.id(), "room-k79");
        nodes.awaitSubscriptions(trio);
        ShardedNamespace two = ShardedNodes.sharded(trio, 2);
        List<String> targets = new ArrayList<>(List.of(namespaceChannel(), namespaceChannel() + two.uid() + "#"));
        if (setup.mode() != SubscriptionMode.STATIC) {
            targets.add(namespaceChannel() + "room-k79#");
        }
        for (String channel : targets) {
            nodes.probe.publish(channel, "{not json".getBytes(StandardCharsets.UTF_8));
            nodes.probe.publish(channel, new byte[] {(byte) 0x93, 1, 2, 3});
            nodes.probe.publish(
                    channel,
                    ("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[]}},\"uid\":\"x\",\"nsp\":\"" + trio.nsp
                                    + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
        }

        trio.node(1).cluster().broadcast(EventPacket.of(trio.nsp, "still-alive"), BroadcastOptions.toRoom("room-k79"));

        await().atMost(WAIT).until(() -> s2.count("still-alive") == 1);
        long namespaceCopies = 3L * 3; // every node got the namespace channel garbage
        long expectedDrops = namespaceCopies + 3 + (setup.mode() != SubscriptionMode.STATIC ? 3 : 0);
        await().atMost(WAIT)
                .until(() -> nodes.adapters.stream()
                                        .mapToLong(a -> a.metrics().malformedDropped())
                                        .sum()
                                - before
                        == expectedDrops);
        assertThat(nodes.adapters).allMatch(a -> a.health().connected());
    }
}
