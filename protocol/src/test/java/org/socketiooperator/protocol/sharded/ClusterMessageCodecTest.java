package org.socketiooperator.protocol.sharded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketiooperator.protocol.Deep;
import org.socketiooperator.protocol.codec.CodecException;
import org.socketiooperator.protocol.codec.CodecLimits;
import org.socketiooperator.protocol.codec.MsgpackCodec;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.sharded.ClusterMessage.AdapterClose;
import org.socketiooperator.protocol.sharded.ClusterMessage.Broadcast;
import org.socketiooperator.protocol.sharded.ClusterMessage.Heartbeat;
import org.socketiooperator.protocol.sharded.ClusterMessage.InitialHeartbeat;
import org.socketiooperator.protocol.sharded.ClusterMessage.SocketsJoin;

class ClusterMessageCodecTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "[]",
                "{",
                "\"text\"",
                "{}",
                "{\"type\":3,\"uid\":\"u\",\"nsp\":\"/\"}",
                "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[]},\"opts\":{\"rooms\":[]}},\"uid\":\"u\"}",
                "{\"type\":3,\"data\":{\"packet\":{\"type\":0,\"data\":[\"e\"]},\"opts\":{\"rooms\":[]}},\"uid\":\"u\"}",
                "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"e\"]},\"opts\":{\"rooms\":[null]}},\"uid\":\"u\"}",
                "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"e\"]},\"opts\":\"all\"},\"uid\":\"u\"}",
                "{\"type\":\"3\",\"data\":{},\"uid\":\"u\"}",
                "{\"type\":99,\"data\":{},\"uid\":\"u\"}",
                "{\"type\":7,\"data\":{\"opts\":{\"rooms\":[]}},\"uid\":\"u\"}",
                "{\"type\":11,\"data\":{\"requestId\":\"r\",\"clientCount\":\"1\"},\"uid\":\"u\"}",
                "{\"type\":4,\"data\":{\"opts\":{\"rooms\":[]},\"rooms\":\"room1\"},\"uid\":\"u\"}",
                "{\"type\":8,\"data\":{\"requestId\":\"r\",\"sockets\":[{\"rooms\":[]}]},\"uid\":\"u\"}",
                "{\"type\":1,\"uid\":42}",
                "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"e\"]},\"opts\":{\"rooms\":[]}},\"uid\":\"u\"} trailing"
            })
    void malformedPayloadsAreCodecExceptions(String payload) {
        assertThatThrownBy(() -> ClusterMessageCodec.decode(payload.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void garbageBytesAndWrongMsgpackShapesAreCodecExceptions() {
        assertThatThrownBy(() -> ClusterMessageCodec.decode(new byte[] {(byte) 0xc1, 1, 2}))
                .isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> ClusterMessageCodec.decode(MsgpackCodec.encode(List.of("uid", Map.of(), Map.of()))))
                .isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> ClusterMessageCodec.decode(null)).isInstanceOf(CodecException.class);
    }

    @Test
    void heartbeatsAndCloseHaveNoData() {
        for (ClusterMessage m :
                List.of(new InitialHeartbeat("u", "/"), new Heartbeat("u", "/"), new AdapterClose("u", "/"))) {
            String json = new String(ClusterMessageCodec.encode(m), StandardCharsets.UTF_8);
            assertThat(json).isEqualTo("{\"type\":" + m.type() + ",\"uid\":\"u\",\"nsp\":\"/\"}");
            assertThat(ClusterMessageCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(m);
        }
    }

    @Test
    void binaryOnlySwitchesToMsgpackForTypesThatCarryUserValues() {
        Broadcast binary = new Broadcast("u", "/", List.of("e", new byte[] {1}), BroadcastOptions.ALL, null);
        assertThat(ClusterMessageCodec.encode(binary)[0]).isEqualTo((byte) 0x84);
        assertThat(ClusterMessageCodec.decode(ClusterMessageCodec.encode(binary)))
                .isInstanceOf(Broadcast.class);
        // socketsJoin never carries user values, so it stays JSON whatever happens
        SocketsJoin join = new SocketsJoin("u", "/", BroadcastOptions.ALL, List.of("r"));
        assertThat(ClusterMessageCodec.encode(join)[0]).isEqualTo((byte) '{');
    }

    @Test
    void aThousandLevelArgumentCrossesRedisAsJsonAndAsMsgpack() throws Throwable {
        Deep.onSmallStack(() -> {
            for (Object arg : List.of(Deep.lists(1000, 1L), Deep.maps(1000, new byte[] {1}))) {
                byte[] bytes = ClusterMessageCodec.encode(
                        new Broadcast("u", "/", List.of("e", arg), BroadcastOptions.ALL, "r"));
                assertThat(ClusterMessageCodec.encode(ClusterMessageCodec.decode(bytes)))
                        .isEqualTo(bytes);
            }
            for (Object arg : List.of(
                    Deep.lists(CodecLimits.MAX_JSON_DEPTH, 1L),
                    Deep.maps(CodecLimits.MAX_MSGPACK_DEPTH, new byte[] {1}))) {
                Broadcast tooDeep = new Broadcast("u", "/", List.of("e", arg), BroadcastOptions.ALL, null);
                assertThatThrownBy(() -> ClusterMessageCodec.encode(tooDeep)).isInstanceOf(CodecException.class);
            }
        });
    }

    @Test
    void toleratesMissingExceptFlagsAndNspAndUnknownFlags() {
        String json = "{\"type\":3,\"data\":{\"packet\":{\"type\":5,\"data\":[\"e\",1]},"
                + "\"opts\":{\"rooms\":[\"r\",123],\"flags\":{\"binary\":true,\"volatile\":true}}},\"uid\":\"emitter\"}";
        Broadcast b = (Broadcast) ClusterMessageCodec.decode(json.getBytes(StandardCharsets.UTF_8));
        assertThat(b.nsp()).isNull();
        assertThat(b.opts().rooms()).containsExactlyInAnyOrder("r", "123");
        assertThat(b.opts().except()).isEmpty();
        assertThat(b.opts().flags().volatileFlag()).isTrue();
        assertThat(b.packetData()).containsExactly("e", 1L);
    }
}
