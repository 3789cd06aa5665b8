package org.socketiooperator.adapter.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.StreamMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.AdapterMode;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.config.StreamsOptions;
import org.socketiooperator.protocol.model.BroadcastFlags;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.sharded.ClusterMessage;
import org.socketiooperator.protocol.streams.StreamEntryCodec;

/** The pure parts of streams mode: options, stream names, and which stream entries a restored socket missed. */
class StreamsOptionsTest {

    @Test
    void defaultsAreTheOfficialOnes() {
        StreamsOptions o = AdapterConfig.streams(RedisEndpoint.standalone("redis://127.0.0.1:1"))
                .streams();
        assertThat(o.streamName()).isEqualTo("socket.io");
        assertThat(o.streamCount()).isEqualTo(1);
        assertThat(o.channelPrefix()).isEqualTo("socket.io");
        assertThat(o.useShardedPubSub()).isFalse();
        assertThat(o.maxLen()).isEqualTo(10_000);
        assertThat(o.readCount()).isEqualTo(100);
        assertThat(o.blockTimeInMs()).isEqualTo(5_000);
        assertThat(o.sessionKeyPrefix()).isEqualTo("sio:session:");
        assertThat(o.onlyPlaintext()).isFalse();
    }

    @Test
    void outOfRangeOptionsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> StreamsOptions.DEFAULTS.withStreamCount(0)).hasMessageContaining("streamCount");
        assertThatThrownBy(() -> StreamsOptions.DEFAULTS.withReadCount(100_000)).hasMessageContaining("readCount");
        assertThatThrownBy(() -> StreamsOptions.DEFAULTS.withBlockTimeInMs(0)).hasMessageContaining("blockTimeInMs");
        assertThatThrownBy(() -> StreamsOptions.DEFAULTS.withMaxLen(0)).hasMessageContaining("maxLen");
        assertThatThrownBy(() -> AdapterConfig.streams(RedisEndpoint.standalone("redis://127.0.0.1:1"))
                        .withConnectionStateRecovery(Duration.ZERO))
                .hasMessageContaining("maxDisconnectionDuration");
    }

    @Test
    void theWithersKeepEveryOtherOptionAndTheMode() {
        AdapterConfig config = AdapterConfig.streams(RedisEndpoint.standalone("redis://127.0.0.1:1"))
                .withStreams(StreamsOptions.DEFAULTS.withStreamName("s").withMaxLen(5))
                .withConnectionStateRecovery(Duration.ofSeconds(30))
                .withKey("ignored");
        assertThat(config.mode()).isEqualTo(AdapterMode.STREAMS);
        assertThat(config.streams().streamName()).isEqualTo("s");
        assertThat(config.streams().maxLen()).isEqualTo(5);
        assertThat(config.maxDisconnectionDuration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void severalStreamsAreNumberedFromZero() {
        assertThat(StreamsAdapter.streamNames(StreamsOptions.DEFAULTS)).containsExactly("socket.io");
        assertThat(StreamsAdapter.streamNames(StreamsOptions.DEFAULTS.withStreamCount(3)))
                .containsExactly("socket.io-0", "socket.io-1", "socket.io-2", "socket.io--1", "socket.io--2");
        // every namespace's stream, as the official adapter names it, is one the node reads
        List<String> read = StreamsAdapter.streamNames(StreamsOptions.DEFAULTS.withStreamCount(3));
        for (String nsp : List.of("/", "/chat", "/admin", "/dashboard", "/notifications")) {
            assertThat(read)
                    .contains(org.socketiooperator.protocol.streams.StreamOffsets.streamOf(nsp, "socket.io", 3));
        }
        assertThat(org.socketiooperator.protocol.streams.StreamOffsets.streamOf("/notifications", "socket.io", 3))
                .as("\"/notifications\".hashCode() is negative: the official adapter writes to a stream it never reads")
                .isEqualTo("socket.io--2");
    }

    private static StreamMessage<String, String> entry(String id, ClusterMessage message) {
        var e = StreamEntryCodec.encode(message);
        Map<String, String> body = new java.util.LinkedHashMap<>();
        for (int i = 0; i < e.fields().size(); i += 2) {
            body.put(e.fields().get(i), e.fields().get(i + 1));
        }
        return new StreamMessage<>("s", id, body);
    }

    @Test
    void onlyBroadcastsOfTheNamespaceThatReachedTheRoomsAreReplayedWithTheirId() {
        List<String> rooms = List.of("me", "r");
        var toR = entry(
                "5-0", new ClusterMessage.Broadcast("u", "/", List.of("e", 1L), BroadcastOptions.toRoom("r"), null));
        assertThat(SessionStore.replayable(toR, "/", rooms)).containsExactly("e", 1L, "5-0");
        assertThat(SessionStore.replayable(toR, "/other", rooms)).isNull();
        var except = entry(
                "6-0",
                new ClusterMessage.Broadcast(
                        "u", "/", List.of("e"), BroadcastOptions.ALL.withExcept(List.of("r")), null));
        assertThat(SessionStore.replayable(except, "/", rooms)).isNull();
        var elsewhere =
                entry("7-0", new ClusterMessage.Broadcast("u", "/", List.of("e"), BroadcastOptions.toRoom("x"), null));
        assertThat(SessionStore.replayable(elsewhere, "/", rooms)).isNull();
        var volatileOne = entry(
                "8-0",
                new ClusterMessage.Broadcast(
                        "u",
                        "/",
                        List.of("e"),
                        BroadcastOptions.ALL.withFlags(BroadcastFlags.NONE.withVolatile(true)),
                        null));
        assertThat(SessionStore.replayable(volatileOne, "/", rooms)).isNull();
        var join = entry("9-0", new ClusterMessage.SocketsJoin("u", "/", BroadcastOptions.ALL, List.of("x")));
        assertThat(SessionStore.replayable(join, "/", rooms)).isNull();
        var broken = new StreamMessage<>("s", "10-0", Map.of("uid", "u", "nsp", "/", "type", "3", "data", "{bad"));
        assertThat(SessionStore.replayable(broken, "/", rooms)).isNull();
    }
}
