package org.socketiooperator.emitter.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.socketiooperator.emitter.Emitter;
import org.socketiooperator.emitter.EmitterOptions;
import org.socketiooperator.protocol.codec.PayloadFormat;
import org.socketiooperator.testsupport.NodePeers;
import org.socketiooperator.testsupport.SharedRedis;

/**
 * Same calls, same bytes: the official {@code @socket.io/redis-emitter} and ours replay
 * {@code emitter-calls.json} under one key prefix while a pattern subscriber records every message.
 */
class OfficialEmitterBytesIT {

    private static final String REDIS = SharedRedis.uri();

    /** One published message as the subscriber saw it (payload in hex for readable diffs). */
    record Published(String channel, String payloadHex) {}

    @ParameterizedTest
    @EnumSource(PayloadFormat.class)
    void javaEmitterPublishesTheOfficialEmittersBytes(PayloadFormat parser) throws Exception {
        JsonNode calls = EmitterCalls.load();
        String key = "emitter-bytes-" + UUID.randomUUID().toString().substring(0, 8);
        List<Published> received = java.util.Collections.synchronizedList(new ArrayList<>());
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisPubSubConnection<byte[], byte[]> subscriber = client.connectPubSub(ByteArrayCodec.INSTANCE)) {
            subscriber.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] pattern, byte[] channel, byte[] message) {
                    received.add(new Published(
                            new String(channel, StandardCharsets.UTF_8),
                            HexFormat.of().formatHex(message)));
                }
            });
            subscriber.sync().psubscribe((key + "*").getBytes(StandardCharsets.UTF_8));

            try (NodePeers.Peer official = NodePeers.start(
                    NodePeers.peersDir().resolve("emitter-official.js"),
                    Map.of("REDIS_URL", REDIS, "KEY", key, "PARSER", parser == PayloadFormat.JSON ? "json" : "msgpack"),
                    EmitterCalls.file().toString())) {
                official.awaitContaining("\"done\"", Duration.ofSeconds(20));
            }
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> received.size() == calls.size());
            List<Published> fromOfficial = List.copyOf(received);
            received.clear();

            try (Emitter emitter = Emitter.create(EmitterOptions.builder()
                    .redisUri(REDIS)
                    .key(key)
                    .parser(parser)
                    .timeout(Duration.ofSeconds(30))
                    .build())) {
                for (JsonNode call : calls) {
                    // one at a time, so that the order on the wire is the order of the calls
                    EmitterCalls.apply(emitter, call).toCompletableFuture().get(30, TimeUnit.SECONDS);
                }
            }
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> received.size() == calls.size());

            assertThat(List.copyOf(received)).containsExactlyElementsOf(fromOfficial);

            // an emitter prepares its broadcasts at its second emit: the same calls three times on one
            // target each (the generic path, then preparing, then prepared) give the same bytes each time
            received.clear();
            try (Emitter emitter = Emitter.create(EmitterOptions.builder()
                    .redisUri(REDIS)
                    .key(key)
                    .parser(parser)
                    .timeout(Duration.ofSeconds(30))
                    .build())) {
                for (JsonNode call : calls) {
                    Emitter target = EmitterCalls.target(emitter, call);
                    for (int i = 0; i < 3; i++) {
                        EmitterCalls.run(target, call).toCompletableFuture().get(30, TimeUnit.SECONDS);
                    }
                }
            }
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> received.size() == 3 * calls.size());
            List<Published> eachThreeTimes = new ArrayList<>();
            fromOfficial.forEach(message -> eachThreeTimes.addAll(List.of(message, message, message)));
            assertThat(List.copyOf(received)).containsExactlyElementsOf(eachThreeTimes);
        } finally {
            client.shutdown();
        }
    }
}
