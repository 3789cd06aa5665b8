package org.socketiooperator.emitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.testsupport.SharedRedis;

/** Streams mode against real Redis: the entry as stored, MAXLEN ~ trimming, and a refused XADD named in time. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmitterStreamsRedisIT {

    private static final String REDIS = SharedRedis.uri();
    // for tests that are not about timeouts: the shared 2-core machine can be very slow
    private static final Duration RELAXED = Duration.ofSeconds(60);

    private final String prefix =
            "emitter-streams-it-" + UUID.randomUUID().toString().substring(0, 8);
    private RedisClient client;
    private StatefulRedisConnection<String, String> redis;

    @BeforeAll
    void connect() {
        client = RedisClient.create(REDIS);
        redis = client.connect();
    }

    @AfterAll
    void disconnect() {
        redis.close();
        client.shutdown();
    }

    private Emitter emitter(String stream, long maxLen) {
        return Emitter.create(EmitterOptions.builder()
                .redisUri(REDIS)
                .key(prefix)
                .mode(EmitterMode.STREAMS)
                .streams(new StreamsTarget(stream, 1, maxLen, false))
                .timeout(RELAXED)
                .build());
    }

    @Test
    void anEmitIsOneEntryWithTheOfficialFieldsInOrder() throws Exception {
        String stream = prefix + "-entry";
        try (Emitter emitter = emitter(stream, 10_000)) {
            emitter.to("r").emit("e", 1, new byte[] {7}).toCompletableFuture().get(60, TimeUnit.SECONDS);
        }

        List<StreamMessage<String, String>> entries =
                redis.sync().xrange(stream, io.lettuce.core.Range.create("-", "+"));
        assertThat(entries).hasSize(1);
        Map<String, String> fields = new LinkedHashMap<>(entries.get(0).getBody());
        assertThat(new ArrayList<>(fields.keySet())).containsExactly("uid", "nsp", "type", "data");
        assertThat(fields)
                .containsEntry("uid", "emitter")
                .containsEntry("nsp", "/")
                .containsEntry("type", "3");
        // binary data: base64 MessagePack, as the official adapter writes it
        assertThat(fields.get("data")).doesNotStartWith("{");
    }

    @Test
    void theStreamIsTrimmedToAboutMaxLen() throws Exception {
        String stream = prefix + "-trim";
        try (Emitter emitter = emitter(stream, 10)) {
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                sent.add(emitter.emit("e", i).toCompletableFuture());
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }

        // "~" lets Redis trim only whole macro nodes (100 entries by default): at least maxLen stay, far fewer than 600
        assertThat(redis.sync().xlen(stream)).isBetween(10L, 110L);
    }

    @Test
    void aRefusedXaddFailsNamingTheCommandAndTheStream() {
        String stream = prefix + "-not-a-stream";
        redis.sync().set(stream, "a string");
        try (Emitter emitter = emitter(stream, 10)) {
            assertThatThrownBy(() -> emitter.emit("e").toCompletableFuture().get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(EmitterException.class)
                    .hasMessageContaining("XADD on " + stream + " failed")
                    .hasMessageContaining("WRONGTYPE");
        }
    }
}
