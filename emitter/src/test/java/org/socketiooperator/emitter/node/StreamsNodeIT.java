package org.socketiooperator.emitter.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketiooperator.emitter.EmitterMode;
import org.socketiooperator.emitter.EmitterOptions;
import org.socketiooperator.emitter.StreamsTarget;

/**
 * Official servers on {@code @socket.io/redis-streams-adapter} 0.3.1 with connection state recovery, one
 * stream named like the key: the whole checklist, and an emit made while a client was cut off reaches it when
 * it recovers, with the offset of the emitter's stream entry.
 */
class StreamsNodeIT extends EmitterAgainstNodeIT {

    /** Streams of the cluster (STREAM_COUNT of the peer, streamCount of the emitter). */
    protected int streamCount() {
        return 1;
    }

    @Override
    protected Map<String, String> nodeEnv() {
        return Map.of("ADAPTER", "streams", "STREAM_COUNT", Integer.toString(streamCount()), "RECOVERY", "1");
    }

    @Override
    protected EmitterOptions.Builder emitterOptions() {
        return EmitterOptions.builder()
                .mode(EmitterMode.STREAMS)
                .streams(new StreamsTarget(key, streamCount(), StreamsTarget.DEFAULT_MAX_LEN, false));
    }

    @Test
    void anEmitMissedWhileCutOffArrivesOnRecoveryWithItsStreamEntryAsOffset() {
        await(emitter.emit("before-cut", "b"));
        cluster.awaitReceived("before-cut", "b", List.of("c1")); // c1 now holds an offset to recover from
        String id = cluster.id("c1");

        cluster.drop("c1");
        await(emitter.emit("while-cut", "w"));
        await(emitter.to("not-c1").emit("while-cut-other-room", "o"));
        cluster.awaitReceived("while-cut", "w", List.of("c2", "c3"));
        JsonNode reply = cluster.recover("c1");

        assertThat(reply.path("recovered").asBoolean()).isTrue();
        assertThat(reply.path("id").asText()).isEqualTo(id);
        JsonNode args = cluster.awaitEvent("c1", "while-cut");
        assertThat(args.get(0).asText()).isEqualTo("w");
        assertThat(args.get(args.size() - 1).asText()).isEqualTo(entryIdOf("while-cut"));
        barrier(List.of("c1", "c2", "c3", "c4"));
        assertThat(cluster.receiversOf("while-cut-other-room", "o")).isEmpty();
    }

    /** The id of the emitter's stream entry whose data holds {@code event}. */
    private String entryIdOf(String event) {
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            String stream = org.socketiooperator.protocol.streams.StreamOffsets.streamOf("/", key, streamCount());
            List<StreamMessage<String, String>> entries = redis.sync().xrange(stream, Range.create("-", "+"));
            return entries.stream()
                    .filter(e -> "emitter".equals(e.getBody().get("uid")))
                    .filter(e -> e.getBody().getOrDefault("data", "").contains("\"" + event + "\""))
                    .map(StreamMessage::getId)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no emitter entry for " + event + " in " + stream));
        } finally {
            client.shutdown();
        }
    }
}
