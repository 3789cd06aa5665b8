package org.socketiooperator.protocol.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketiooperator.protocol.codec.CodecException;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.sharded.ClusterMessage;

/** Hostile or odd input from the shared stream and key space is refused with a CodecException, never more. */
class StreamsCodecTest {

    @Test
    void binaryBroadcastsTravelAsBase64MessagePackAndOthersAsJson() {
        ClusterMessage plain = new ClusterMessage.Broadcast("u1", "/", List.of("e", 1), BroadcastOptions.ALL, null);
        ClusterMessage binary =
                new ClusterMessage.Broadcast("u1", "/", List.of("e", new byte[] {1}), BroadcastOptions.ALL, null);
        assertThat(StreamEntryCodec.encode(plain).data()).startsWith("{");
        assertThat(StreamEntryCodec.encode(binary).data()).doesNotStartWith("{");
        assertThat(StreamEntryCodec.decode(StreamEntryCodec.encode(binary)))
                .isInstanceOfSatisfying(
                        ClusterMessage.Broadcast.class,
                        b -> assertThat((byte[]) b.packetData().get(1)).containsExactly(1));
    }

    @Test
    void onlyPlaintextWritesBinaryAsNodeBufferJson() {
        ClusterMessage binary =
                new ClusterMessage.Broadcast("u1", "/", List.of("e", new byte[] {1, 2}), BroadcastOptions.ALL, null);
        StreamEntry entry = StreamEntryCodec.encode(binary, true);
        assertThat(entry.data()).startsWith("{").contains("{\"type\":\"Buffer\",\"data\":[1,2]}");
        assertThat(StreamEntryCodec.decode(entry))
                .isInstanceOfSatisfying(
                        ClusterMessage.Broadcast.class,
                        b -> assertThat(b.packetData().get(1))
                                .isEqualTo(Map.of("type", "Buffer", "data", List.of(1L, 2L))));
    }

    @Test
    void malformedEntriesAreCodecExceptions() {
        assertThatThrownBy(() -> StreamEntry.of(Map.of("uid", "u", "type", "3")))
                .isInstanceOf(CodecException.class);
        for (StreamEntry bad : List.of(
                new StreamEntry("u", "/", "three", null),
                new StreamEntry("u", "/", "3", "{not json"),
                new StreamEntry("u", "/", "3", "!!not base64!!"),
                new StreamEntry("u", "/", "3", "{\"packet\":{\"type\":2,\"data\":[]},\"opts\":{}}"),
                new StreamEntry("u", "/", "3", null),
                new StreamEntry("u", "/", "99", "{}"),
                new StreamEntry("u", "/", "3", "kQ=="))) {
            assertThatThrownBy(() -> StreamEntryCodec.decode(bad))
                    .as(bad.toString())
                    .isInstanceOf(CodecException.class);
        }
    }

    @Test
    void malformedSessionsAreCodecExceptions() {
        assertThatThrownBy(() -> StreamSession.decode("%%%")).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> StreamSession.decode("kQ==")).isInstanceOf(CodecException.class);
        StreamSession session = new StreamSession("s", "p", List.of("s", "r"), Map.of("k", 1L));
        assertThat(StreamSession.decode(session.encode())).isEqualTo(session);
    }

    @Test
    void offsetsAreStreamIdsOnly() {
        assertThat(StreamOffsets.valid("1700000000000-0")).isTrue();
        assertThat(StreamOffsets.valid("$")).isFalse();
        assertThat(StreamOffsets.valid("1-2-3")).isFalse();
        assertThat(StreamOffsets.valid("9".repeat(30) + "-0")).isFalse();
        assertThat(StreamOffsets.next("1700000000000-41")).isEqualTo("1700000000000-42");
        assertThat(StreamOffsets.streamOf("/chat", "socket.io", 1)).isEqualTo("socket.io");
        assertThat(StreamOffsets.streamOf("/chat", "socket.io", 4)).isEqualTo("socket.io-" + ("/chat".hashCode() % 4));
    }

    @Test
    void offsetsCompareAsNumbersNotAsText() {
        assertThat(StreamOffsets.compare("9-0", "10-0")).isNegative();
        assertThat(StreamOffsets.compare("10-9", "10-10")).isNegative();
        assertThat(StreamOffsets.compare("10-10", "10-10")).isZero();
        assertThat(StreamOffsets.compare("11-0", "10-99")).isPositive();
        assertThat(StreamOffsets.compare("18446744073709551615-0", "1-0")).isPositive();
    }
}
