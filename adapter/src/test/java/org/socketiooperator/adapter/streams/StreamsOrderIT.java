package org.socketiooperator.adapter.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.sharded.ShardedIds;
import org.socketiooperator.adapter.testing.FakeSocket;
import org.socketiooperator.adapter.testing.Trio;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.streams.StreamOffsets;
import org.socketiooperator.testsupport.SharedRedis;

/**
 * A node's sockets get the stream's entries in stream order, its own broadcasts included: an own broadcast
 * whose XADD returned while an earlier entry of another node was still on its way through the reader waits
 * for it. Otherwise a client's last offset could pass an entry it never received, and recovery would not
 * replay it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsOrderIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final String prefix = "sio-streams-" + ShardedIds.next();
    private final List<StreamsAdapter> adapters = new ArrayList<>();

    @BeforeAll
    void start() {
        RedisEndpoint endpoint = RedisEndpoint.standalone(SharedRedis.uri());
        for (int i = 0; i < 2; i++) {
            adapters.add(new StreamsAdapter(AdapterConfig.streams(endpoint)
                    .withStreams(StreamsNodes.options(prefix))
                    .withConnectionStateRecovery(Duration.ofMinutes(1))));
        }
    }

    @AfterAll
    void stop() {
        adapters.forEach(StreamsAdapter::close);
    }

    @Test
    void anOwnBroadcastWaitsForTheEarlierEntriesOfOtherNodes() throws Exception {
        try (Trio<StreamsAdapter> trio = new Trio<>(adapters, "/order-" + ShardedIds.next())) {
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // node 1's reader stops in the middle of delivering "hold", as a slow reader would
            trio.node(1).local().beforeBroadcast(packet -> {
                if ("hold".equals(packet.data().get(0))) {
                    held.countDown();
                    try {
                        release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            try {
                trio.node(2).cluster().broadcast(EventPacket.of(trio.nsp, "hold"), BroadcastOptions.ALL);
                assertThat(held.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
                trio.node(2).cluster().broadcast(EventPacket.of(trio.nsp, "remote"), BroadcastOptions.ALL);
                await().atMost(WAIT).until(() -> trio.socket(2).count("remote") == 1);
                long published = adapters.get(0).metrics().messagesPublished();
                trio.node(1).cluster().broadcast(EventPacket.of(trio.nsp, "own"), BroadcastOptions.ALL);
                // its XADD returned: the entry is in the stream after "remote"
                await().atMost(WAIT).until(() -> adapters.get(0).metrics().messagesPublished() == published + 1);
            } finally {
                release.countDown();
            }
            FakeSocket socket = trio.socket(1);
            await().atMost(WAIT).until(() -> socket.count("own") == 1 && socket.count("remote") == 1);
            List<List<Object>> received = List.copyOf(socket.received());
            assertThat(received).extracting(e -> e.get(0)).containsExactly("hold", "remote", "own");
            List<String> offsets =
                    received.stream().map(e -> (String) e.get(e.size() - 1)).toList();
            assertThat(offsets).allMatch(StreamOffsets::valid);
            assertThat(offsets).isSortedAccordingTo(StreamOffsets.ORDER);
            assertThat(trio.socket(2).received()).extracting(e -> e.get(0)).containsExactly("hold", "remote", "own");
        }
    }
}
