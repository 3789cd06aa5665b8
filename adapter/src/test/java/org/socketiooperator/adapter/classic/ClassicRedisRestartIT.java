package org.socketiooperator.adapter.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.testing.Trio;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.model.SocketDetails;
import org.socketiooperator.testsupport.RedisCluster;
import org.socketiooperator.testsupport.RedisServer;

/**
 * Redis going away under two running nodes (a server this class owns): local delivery goes
 * on, requests finish within requestsTimeout, and cross-node delivery comes back by itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassicRedisRestartIT {

    private static final Duration REQUESTS_TIMEOUT = Duration.ofMillis(1000);

    private RedisServer redis;
    private ClassicAdapter first;
    private ClassicAdapter second;

    @BeforeAll
    void start() {
        redis = RedisServer.startOnFreePort();
        Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
        AdapterConfig config =
                AdapterConfig.classic(RedisEndpoint.standalone(redis.uri())).withRequestsTimeout(REQUESTS_TIMEOUT);
        first = ClassicAdapter.create(config);
        second = ClassicAdapter.create(config);
    }

    @AfterAll
    void stop() {
        first.close();
        second.close();
        redis.close();
    }

    @Test
    void deliveryResumesAfterARestartAndNothingBlocksWhileRedisIsAway() {
        try (var trio = new Trio<>(List.of(first, second), "/restart")) {
            redis.kill();
            await().atMost(Duration.ofSeconds(5)).until(() -> !first.health().connected());

            trio.node(1).cluster().broadcast(EventPacket.of("/restart", "while-down"), BroadcastOptions.ALL);
            assertThat(trio.socket(1).count("while-down")).isEqualTo(1);

            long started = System.nanoTime();
            List<SocketDetails> sockets = trio.node(1)
                    .cluster()
                    .fetchSockets(BroadcastOptions.ALL)
                    .toCompletableFuture()
                    .join();
            Integer servers =
                    trio.node(1).cluster().serverCount().toCompletableFuture().join();
            List<Object> acks = trio.node(1)
                    .cluster()
                    .serverSideEmitWithAck(List.of("ping"))
                    .toCompletableFuture()
                    .join();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(REQUESTS_TIMEOUT.multipliedBy(3));
            assertThat(sockets)
                    .extracting(SocketDetails::id)
                    .containsExactly(trio.socket(1).id());
            assertThat(servers).isEqualTo(1);
            assertThat(acks).isEmpty();
            assertThat(first.metrics().publishFailures()).isPositive();

            redis.restart();
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> first.health().connected() && second.health().connected());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> trio.node(1)
                                    .cluster()
                                    .serverCount()
                                    .toCompletableFuture()
                                    .join()
                            == 2);
            trio.flushFrom(1);
            trio.flushFrom(2);
        }
    }

    @Test
    void subscriptionsComeBackAfterTheirConnectionIsKilled() {
        try (var trio = new Trio<>(List.of(first, second), "/killed")) {
            RedisCluster.cli(redis.port(), "CLIENT", "KILL", "TYPE", "pubsub");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> trio.node(1)
                                    .cluster()
                                    .serverCount()
                                    .toCompletableFuture()
                                    .join()
                            == 2);
            trio.flushFrom(1);
            trio.flushFrom(2);
            assertThat(trio.node(2)
                            .cluster()
                            .fetchSockets(BroadcastOptions.ALL)
                            .toCompletableFuture()
                            .join())
                    .hasSize(2);
        }
    }
}
