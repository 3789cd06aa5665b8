package org.socketiooperator.adapter.sharded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.testing.FakeNamespace;
import org.socketiooperator.adapter.testing.FakeSocket;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.sharded.SubscriptionMode;
import org.socketiooperator.testsupport.RedisCluster;
import org.socketiooperator.testsupport.RedisServer;

/**
 * Failure behaviour on a Redis of the test's own: local delivery while Redis is away,
 * subscriptions (room channels included) restored after a killed subscriber connection and after a
 * Redis restart, and dynamic-mode hygiene over 1,000 rooms. Interruption times are printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
class ShardedRecoveryIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private RedisServer redis;
    private RedisEndpoint endpoint;
    private final List<ShardedAdapter> adapters = new ArrayList<>();
    private final List<FakeNamespace> namespaces = new ArrayList<>();
    private final List<ShardedNamespace> sharded = new ArrayList<>();
    private RedisProbe probe;

    @BeforeAll
    void start() {
        redis = RedisServer.startOnFreePort();
        endpoint = RedisEndpoint.standalone(redis.uri());
        for (int i = 0; i < 3; i++) {
            ShardedAdapter adapter = new ShardedAdapter(AdapterConfig.sharded(endpoint, SubscriptionMode.DYNAMIC));
            FakeNamespace ns = new FakeNamespace("/");
            adapters.add(adapter);
            namespaces.add(ns);
            sharded.add((ShardedNamespace) adapter.attach(ns));
        }
        probe = new RedisProbe(endpoint);
    }

    @AfterAll
    void stop() {
        adapters.forEach(ShardedAdapter::close);
        if (probe != null) {
            probe.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void a_killedSubscriberConnectionsComeBackWithTheirRoomChannels() {
        FakeSocket member = namespaces.get(1).connect();
        namespaces.get(1).join(member.id(), "after-kill");
        await().atMost(WAIT).until(() -> probe.shardNumSub("socket.io#/#after-kill#") == 1);

        long start = System.nanoTime();
        RedisCluster.cli(redis.port(), "CLIENT", "KILL", "TYPE", "pubsub");
        long interruptedMs =
                DeliveryProbe.awaitDelivery(sharded.get(0), BroadcastOptions.toRoom("after-kill"), member, start, WAIT);

        await().atMost(WAIT)
                .until(() ->
                        probe.shardNumSub("socket.io#/#after-kill#") == 1 && probe.shardNumSub("socket.io#/#") == 3);
        System.out.printf(
                "[sharded recovery] CLIENT KILL TYPE pubsub: room delivery interrupted for %d ms%n", interruptedMs);
        namespaces.get(1).disconnect(member);
    }

    @Test
    void b_redisRestartKeepsLocalDeliveryAndResumesClusterDelivery() {
        FakeSocket local = namespaces.get(0).connect();
        FakeSocket remote = namespaces.get(2).connect();
        namespaces.get(2).join(remote.id(), "after-restart");
        await().atMost(WAIT).until(() -> probe.shardNumSub("socket.io#/#after-restart#") == 1);
        probe.close();

        long start = System.nanoTime();
        redis.kill();
        await().atMost(WAIT).until(() -> !adapters.get(0).health().connected());
        sharded.get(0).broadcast(EventPacket.of("/", "while-down"), BroadcastOptions.ALL);
        assertThat(local.count("while-down"))
                .as("local delivery while Redis is away")
                .isEqualTo(1);
        assertThat(adapters.get(0).metrics().publishFailures()).isPositive();

        redis.restart();
        long interruptedMs = DeliveryProbe.awaitDelivery(
                sharded.get(0), BroadcastOptions.toRoom("after-restart"), remote, start, WAIT);
        probe = new RedisProbe(endpoint);
        await().atMost(WAIT)
                .until(() -> probe.shardNumSub("socket.io#/#after-restart#") == 1
                        && probe.shardNumSub("socket.io#/#") == 3
                        && adapters.get(0).health().connected());
        System.out.printf(
                "[sharded recovery] Redis killed and restarted: cross-node delivery interrupted for %d ms"
                        + " (includes the restart itself)%n",
                interruptedMs);
        namespaces.get(0).disconnect(local);
        namespaces.get(2).disconnect(remote);
    }

    @Test
    void d_serverSideEmitWaitsTheFixedFiveSecondsForASilentNode() {
        namespaces.get(1).answerServerSideEventsWith(e -> "n2");
        try {
            long start = System.nanoTime();
            java.util.concurrent.CompletableFuture<List<Object>> result =
                    sharded.get(0).serverSideEmitWithAck(List.of("ping")).toCompletableFuture();

            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                            () -> result.get(10, java.util.concurrent.TimeUnit.SECONDS))
                    .getCause();
            assertThat(failure)
                    .isInstanceOf(org.socketiooperator.adapter.RequestTimeoutException.class)
                    .hasMessage("timeout reached: only 1 responses received out of 2");
            assertThat(((org.socketiooperator.adapter.RequestTimeoutException) failure).partialResponses())
                    .containsExactly("n2");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(4900));
            assertThat(sharded.get(0).pendingRequests()).isZero();
        } finally {
            namespaces.get(1).answerServerSideEventsWith(null);
        }
    }

    @Test
    void e_fetchSocketsHonoursTheTimeoutFlagWhenASubscriberNeverAnswers() throws Exception {
        FakeSocket socket = namespaces.get(1).connect();
        // a foreign subscriber of the namespace channel counts in SHARDNUMSUB but never answers (spec 9.2)
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.uri());
        try (var mute = client.connectPubSub()) {
            mute.sync().ssubscribe("socket.io#/#");
            await().atMost(WAIT).until(() -> probe.shardNumSub("socket.io#/#") == 4);
            long start = System.nanoTime();

            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> sharded.get(0)
                            .fetchSockets(BroadcastOptions.ALL.withFlags(
                                    org.socketiooperator.protocol.model.BroadcastFlags.NONE.withTimeoutMs(300L)))
                            .toCompletableFuture()
                            .get(10, java.util.concurrent.TimeUnit.SECONDS))
                    .getCause();

            assertThat(failure).hasMessage("timeout reached: only 2 responses received out of 3");
            assertThat(((org.socketiooperator.adapter.RequestTimeoutException) failure).partialResponses())
                    .extracting(d -> ((org.socketiooperator.protocol.model.SocketDetails) d).id())
                    .contains(socket.id());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        } finally {
            client.shutdown();
            namespaces.get(1).disconnect(socket);
        }
    }

    @Test
    void f_closingUnsubscribesEveryChannelAndPublishesNothing() {
        ShardedAdapter leaving = new ShardedAdapter(AdapterConfig.sharded(endpoint, SubscriptionMode.DYNAMIC_PRIVATE)
                .withKey("closing"));
        FakeNamespace ns = new FakeNamespace("/");
        ShardedNamespace attached = (ShardedNamespace) leaving.attach(ns);
        FakeSocket socket = ns.connect();
        ns.join(socket.id(), "room-a");
        await().atMost(WAIT).until(() -> probe.shardChannels("closing#*").size() == 4);
        assertThat(probe.shardChannels("closing#*"))
                .containsExactlyInAnyOrder(
                        "closing#/#",
                        attached.channels().responseChannel(attached.uid()),
                        "closing#/#room-a#",
                        "closing#/#" + socket.id() + "#");

        leaving.close();

        await().atMost(WAIT).until(() -> probe.shardChannels("closing#*").isEmpty());
        assertThat(leaving.metrics().messagesPublished()).isZero();
    }

    @Test
    void c_aThousandRoomsJoinedAndLeftLeaveNoStaleSubscription() {
        FakeNamespace ns = namespaces.get(0);
        FakeSocket socket = ns.connect();
        for (int i = 0; i < 1000; i++) {
            ns.join(socket.id(), "hygiene-" + i);
        }
        await().atMost(WAIT)
                .until(() -> probe.shardChannels("socket.io#/#hygiene-*").size() == 1000);
        for (int i = 0; i < 1000; i++) {
            ns.leave(socket.id(), "hygiene-" + i);
        }
        ns.disconnect(socket);

        await().atMost(WAIT)
                .until(() -> probe.shardChannels("socket.io#/#hygiene-*").isEmpty());
        List<String> expected = new ArrayList<>(List.of("socket.io#/#"));
        sharded.forEach(s -> expected.add(s.channels().responseChannel(s.uid())));
        assertThat(probe.shardChannels("socket.io#*")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(sharded.get(0).roomChannels()).isEmpty();
    }
}
