package org.socketiooperator.adapter.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.testing.Trio;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.testsupport.RedisServer;

/**
 * The readers outlive a Redis restart (a server of the test's own): while Redis is away local delivery goes on and
 * health is down; once it is back the readers resume by themselves and cross-node broadcasts flow again.
 */
class StreamsRedisRestartIT {

    @Test
    void readersResumeAfterARestart() {
        try (RedisServer redis = RedisServer.startOnFreePort()) {
            RedisEndpoint endpoint = RedisEndpoint.standalone(redis.uri());
            List<StreamsAdapter> adapters = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    adapters.add(new StreamsAdapter(
                            AdapterConfig.streams(endpoint).withStreams(StreamsNodes.options("restart"))));
                }
                try (Trio<StreamsAdapter> trio = new Trio<>(adapters, "/")) {
                    trio.flushFrom(1);

                    redis.kill();
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> !adapters.get(1).health().connected());
                    trio.node(1).cluster().broadcast(EventPacket.of("/", "offline"), BroadcastOptions.ALL);
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> trio.socket(1).count("offline") == 1);

                    long started = System.nanoTime();
                    redis.restart();
                    await().atMost(Duration.ofSeconds(20))
                            .until(() ->
                                    adapters.stream().allMatch(a -> a.health().connected()));
                    // Each try is a new event: the first one the reader gets after it is back ends the wait.
                    AtomicInteger tries = new AtomicInteger();
                    await().atMost(Duration.ofSeconds(20))
                            .pollInterval(Duration.ofMillis(200))
                            .until(() -> {
                                trio.node(1)
                                        .cluster()
                                        .broadcast(
                                                EventPacket.of("/", "back-" + tries.incrementAndGet()),
                                                BroadcastOptions.ALL);
                                return trio.socket(2).received().stream()
                                        .anyMatch(e -> ((String) e.get(0)).startsWith("back-"));
                            });
                    System.out.printf(
                            "[streams restart] cross-node broadcast back %d ms after the restart began (%d tries)%n",
                            (System.nanoTime() - started) / 1_000_000, tries.get());
                    assertThat(trio.socket(2).count("offline")).isZero();
                    trio.flushFrom(2);
                }
            } finally {
                adapters.forEach(StreamsAdapter::close);
            }
        }
    }
}
