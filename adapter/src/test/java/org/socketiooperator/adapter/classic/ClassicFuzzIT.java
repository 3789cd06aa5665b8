package org.socketiooperator.adapter.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.testing.Trio;
import org.socketiooperator.protocol.classic.ClassicChannels;
import org.socketiooperator.protocol.codec.JsonCodec;
import org.socketiooperator.protocol.codec.MsgpackCodec;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.SocketDetails;
import org.socketiooperator.testsupport.SharedRedis;

/**
 * Thousands of random, truncated and ill-shaped payloads on every channel a node listens to: the node
 * drops them, leaks no pending request, and valid traffic flows afterwards.
 */
class ClassicFuzzIT {

    private static final RedisEndpoint REDIS = RedisEndpoint.standalone(SharedRedis.uri());

    @Test
    void hostilePayloadsAreDroppedAndTheNodeKeepsServing() {
        String key = "it-fuzz-" + UUID.randomUUID().toString().substring(0, 8);
        AdapterConfig config = AdapterConfig.classic(REDIS).withKey(key).withRequestsTimeout(Duration.ofMillis(1000));
        try (ClassicAdapter a = ClassicAdapter.create(config);
                ClassicAdapter b = ClassicAdapter.create(config);
                RawRedis raw = new RawRedis(REDIS);
                var trio = new Trio<>(List.of(a, b), "/fuzz")) {
            trio.node(2).local().join(trio.socket(2).id(), "room1");
            ClassicChannels channels = new ClassicChannels(key, "/fuzz");
            List<String> targets = List.of(
                    channels.broadcastChannel(),
                    channels.roomChannel("room1"),
                    channels.roomChannel(trio.socket(2).id()),
                    channels.requestChannel(),
                    channels.responseChannel(),
                    channels.specificResponseChannel(b.uid("/fuzz")));
            List<byte[]> seeds = seeds(a.uid("/fuzz"));
            Random random = new Random(7);
            int sent = 0;
            for (int i = 0; i < 600; i++) {
                for (String channel : targets) {
                    raw.publish(channel, payload(random, seeds));
                    sent++;
                }
            }
            assertThat(sent).isGreaterThanOrEqualTo(3000);
            int total = sent;

            // Valid traffic after the storm: it is behind every fuzz message in the node's queue.
            trio.flushFrom(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> b.metrics().messagesReceived() >= total);
            assertThat(b.metrics().malformedDropped()).isGreaterThan(total / 4);
            assertThat(trio.node(1)
                            .cluster()
                            .fetchSockets(BroadcastOptions.ALL)
                            .toCompletableFuture()
                            .join())
                    .extracting(SocketDetails::id)
                    .containsExactlyInAnyOrder(
                            trio.socket(1).id(), trio.socket(2).id());
            assertThat(a.pendingRequests("/fuzz")).isZero();
            assertThat(b.pendingRequests("/fuzz")).isZero();
            assertThat(a.health().connected()).isTrue();
            assertThat(b.health().connected()).isTrue();
        }
    }

    /** Well-formed messages of every kind to mutate: the fuzz then hits the deep decoding paths. */
    private static List<byte[]> seeds(String uid) {
        List<byte[]> seeds = new ArrayList<>();
        Map<String, Object> packet =
                Map.of("type", 2L, "data", List.of("e", 1L, Map.of("k", new byte[] {1})), "nsp", "/fuzz");
        Map<String, Object> opts = Map.of("rooms", List.of("room1"), "except", List.of(), "flags", Map.of());
        seeds.add(MsgpackCodec.encode(List.of("other", packet, opts)));
        seeds.add(MsgpackCodec.encode(
                Map.of("uid", "other", "requestId", "abc", "type", 7L, "packet", packet, "opts", opts)));
        seeds.add(JsonCodec.encode(Map.of("uid", "other", "requestId", "abc", "type", 5L, "opts", opts)));
        seeds.add(JsonCodec.encode(Map.of("uid", "other", "type", 2L, "opts", opts, "rooms", List.of("x"))));
        seeds.add(JsonCodec.encode(Map.of("type", 8L, "requestId", "abc", "clientCount", 1L)));
        seeds.add(JsonCodec.encode(
                Map.of("requestId", "abc", "sockets", List.of(Map.of("id", "s", "rooms", List.of())))));
        seeds.add(MsgpackCodec.encode(Map.of("type", 9L, "requestId", "abc", "packet", "x")));
        seeds.add(JsonCodec.encode(Map.of("uid", uid, "type", 6L, "data", List.of("e"))));
        return seeds;
    }

    private static byte[] payload(Random random, List<byte[]> seeds) {
        byte[] seed = seeds.get(random.nextInt(seeds.size()));
        switch (random.nextInt(4)) {
            case 0: {
                byte[] bytes = new byte[random.nextInt(80)];
                random.nextBytes(bytes);
                return bytes;
            }
            case 1:
                return java.util.Arrays.copyOf(seed, random.nextInt(seed.length));
            case 2: {
                byte[] flipped = seed.clone();
                flipped[random.nextInt(flipped.length)] = (byte) random.nextInt(256);
                return flipped;
            }
            default: {
                // Huge declared lengths: a msgpack array32 / str32 header with nothing behind it.
                return new byte[] {
                    (byte) (random.nextBoolean() ? 0xdd : 0xdb), 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff
                };
            }
        }
    }
}
