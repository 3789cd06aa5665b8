package org.socketiooperator.protocol.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.socketiooperator.protocol.Deep;
import org.socketiooperator.protocol.Vectors;
import org.socketiooperator.protocol.codec.CodecException;
import org.socketiooperator.protocol.codec.CodecLimits;
import org.socketiooperator.protocol.codec.MsgpackCodec;
import org.socketiooperator.protocol.codec.PayloadFormat;
import org.socketiooperator.protocol.model.BroadcastFlags;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;

class ClassicCodecTest {

    private final ClassicCodec codec = new ClassicCodec(PayloadFormat.MSGPACK);

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void decodesTheCapturedRequestsIntoTheExpectedRecords() {
        assertThat(codec.decodeRequest(json("{\"uid\":\"bE0qn4\",\"requestId\":\"lBTPCp\",\"type\":1}")))
                .isEqualTo(new ClassicRequest.AllRooms("bE0qn4", "lBTPCp"));
        assertThat(codec.decodeRequest(
                        json("{\"type\":2,\"opts\":{\"rooms\":[\"room1\"],\"except\":[]},\"rooms\":[\"room-e\"]}")))
                .isEqualTo(new ClassicRequest.Join(null, BroadcastOptions.toRoom("room1"), List.of("room-e")));
        assertThat(codec.decodeRequest(
                        json("{\"type\":4,\"opts\":{\"rooms\":[\"room2\"],\"except\":[\"room1\"]},\"close\":true}")))
                .isEqualTo(new ClassicRequest.Disconnect(
                        null, BroadcastOptions.toRoom("room2").withExcept(List.of("room1")), true));
        assertThat(
                        codec.decodeRequest(
                                json(
                                        "{\"uid\":\"bE0qn4\",\"requestId\":\"USFwHZ\",\"type\":6,\"data\":[\"ping\",\"are you there\"]}")))
                .isEqualTo(new ClassicRequest.ServerSideEmit("bE0qn4", "USFwHZ", List.of("ping", "are you there")));
        assertThat(codec.decodeRequest(json("{\"uid\":\"bE0qn4\",\"type\":6,\"data\":[\"hello\"]}")))
                .isEqualTo(new ClassicRequest.ServerSideEmit("bE0qn4", null, List.of("hello")));
        assertThat(codec.decodeRequest(json(
                        "{\"uid\":\"a\",\"requestId\":\"r\",\"type\":5,\"opts\":{\"rooms\":[123],\"except\":[]}}")))
                .isEqualTo(new ClassicRequest.FetchSockets("a", "r", BroadcastOptions.toRoom("123")));
    }

    @Test
    void decodesTheCapturedResponsesIntoTheExpectedRecords() {
        assertThat(codec.decodeResponse(json("{\"type\":8,\"requestId\":\"Nutd6u\",\"clientCount\":1}")))
                .isEqualTo(new ClassicResponse.BroadcastClientCount("Nutd6u", 1));
        assertThat(codec.decodeResponse(json("{\"type\":6,\"requestId\":\"USFwHZ\",\"data\":\"pong-from-s3\"}")))
                .isEqualTo(new ClassicResponse.ServerSideEmitAck("USFwHZ", "pong-from-s3"));
        assertThat(codec.decodeResponse(json("{\"requestId\":\"x\",\"rooms\":[\"sid\",\"room2\",123]}")))
                .isEqualTo(new ClassicResponse.AllRooms("x", List.of("sid", "room2", "123")));
        assertThat(codec.decodeResponse(json("{\"requestId\":\"x\",\"sockets\":[]}")))
                .isEqualTo(new ClassicResponse.FetchSockets("x", List.of()));
        assertThat(codec.decodeResponse(json("{\"requestId\":\"x\",\"sockets\":[\"a\",\"b\"]}")))
                .isEqualTo(new ClassicResponse.SocketIds("x", List.of("a", "b")));
        assertThat(codec.decodeResponse(MsgpackCodec.encode(Map.of("type", 9L, "requestId", "r", "packet", "ok"))))
                .isEqualTo(new ClassicResponse.BroadcastAck("r", "ok"));
    }

    @Test
    void numericRoomsOfABroadcastArriveAsStrings() {
        var vector = Vectors.load("classic.json").stream()
                .filter(v -> v.phase().equals("broadcast-numeric-room") && v.hasPayload())
                .findFirst()
                .orElseThrow();
        ClassicBroadcast broadcast = codec.decodeBroadcast(vector.payload());
        assertThat(broadcast.opts().rooms()).containsExactly("123");
        assertThat(broadcast.packet()).isEqualTo(EventPacket.of("/", "event", "numeric"));
        assertThat(new ClassicChannels("socket.io", "/").channelFor(broadcast.opts()))
                .isEqualTo(vector.channel());
    }

    @Test
    void publishesPacketTypeTwoAndFlagsWithoutLocal() {
        BroadcastOptions opts = BroadcastOptions.ALL.withFlags(
                BroadcastFlags.NONE.withLocal(true).withVolatile(true).withCompress(false));
        Object decoded = MsgpackCodec.decode(codec.encodeBroadcast(
                new ClassicBroadcast("abcdef", EventPacket.of("/", "bin", new byte[] {1}), opts)));
        List<?> array = (List<?>) decoded;
        assertThat(((Map<?, ?>) array.get(1)).get("type")).isEqualTo(2L);
        assertThat(((Map<?, ?>) array.get(2)).get("flags")).isEqualTo(Map.of("volatile", true, "compress", false));
    }

    @Test
    void theJsonParserEncodesBroadcastsAndAckMessagesAsJson() {
        ClassicCodec jsonCodec = new ClassicCodec(PayloadFormat.JSON);
        ClassicBroadcast broadcast = new ClassicBroadcast(
                "abcdef", EventPacket.of("/", "e", 1L, "2", List.of(3L)), BroadcastOptions.toRooms(List.of("a", "b")));
        byte[] bytes = jsonCodec.encodeBroadcast(broadcast);
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo("[\"abcdef\",{\"type\":2,\"data\":[\"e\",1,\"2\",[3]],\"nsp\":\"/\"},"
                        + "{\"rooms\":[\"a\",\"b\"],\"except\":[],\"flags\":{}}]");
        assertThat(jsonCodec.decodeBroadcast(bytes)).isEqualTo(broadcast);
        assertThat(jsonCodec.encodeResponse(new ClassicResponse.BroadcastAck("r", "x"))[0])
                .isEqualTo((byte) '{');
        // The msgpack adapter refuses JSON on the broadcast channel instead of guessing.
        assertThatThrownBy(() -> codec.decodeBroadcast(bytes)).isInstanceOf(CodecException.class);
    }

    @Test
    void aThousandLevelArgumentCrossesRedisWithEitherParser() throws Throwable {
        Deep.onSmallStack(() -> {
            for (PayloadFormat parser : PayloadFormat.values()) {
                ClassicCodec classic = new ClassicCodec(parser);
                EventPacket packet = EventPacket.of("/", "e", Deep.lists(1000, 1L), Deep.maps(1000, new byte[] {1}));
                byte[] broadcast =
                        classic.encodeBroadcast(new ClassicBroadcast("abcdef", packet, BroadcastOptions.ALL));
                assertThat(classic.encodeBroadcast(classic.decodeBroadcast(broadcast)))
                        .as("%s", parser)
                        .isEqualTo(broadcast);
                byte[] request = classic.encodeRequest(
                        new ClassicRequest.BroadcastWithAck("abcdef", "r", packet, BroadcastOptions.ALL));
                assertThat(classic.encodeRequest(classic.decodeRequest(request)))
                        .as("%s", parser)
                        .isEqualTo(request);

                EventPacket tooDeep = EventPacket.of("/", "e", Deep.lists(CodecLimits.MAX_JSON_DEPTH, 1L));
                assertThatThrownBy(() ->
                                classic.encodeBroadcast(new ClassicBroadcast("abcdef", tooDeep, BroadcastOptions.ALL)))
                        .isInstanceOf(CodecException.class);
            }
        });
    }

    @Test
    void malformedShapesAreCodecExceptions() {
        List<String> requests = List.of(
                "{}",
                "{\"type\":\"2\"}",
                "{\"type\":99}",
                "{\"type\":1}",
                "{\"type\":2,\"rooms\":[\"x\"]}",
                "{\"type\":2,\"opts\":[],\"rooms\":[]}",
                "{\"type\":2,\"opts\":{\"rooms\":[{}]},\"rooms\":[]}",
                "{\"type\":6,\"data\":[]}",
                "{\"type\":6,\"data\":\"x\"}",
                "{\"type\":7,\"requestId\":\"r\",\"packet\":{\"type\":2,\"data\":[]}," + "\"opts\":{}}",
                "{\"type\":4294967298}",
                "[1,2,3]",
                "{\"type\":5,\"requestId\":1}");
        for (String request : requests) {
            assertThatThrownBy(() -> codec.decodeRequest(json(request)))
                    .as(request)
                    .isInstanceOf(CodecException.class);
        }
        for (String response : List.of(
                "{}",
                "{\"requestId\":\"r\"}",
                "{\"requestId\":\"r\",\"type\":3}",
                "{\"requestId\":\"r\",\"sockets\":[1]}",
                "{\"requestId\":\"r\",\"type\":8}",
                "\"x\"")) {
            assertThatThrownBy(() -> codec.decodeResponse(json(response)))
                    .as(response)
                    .isInstanceOf(CodecException.class);
        }
        for (Object broadcast : List.<Object>of(
                List.of(),
                List.of("u", Map.of(), Map.of()),
                List.of(1L, Map.of("type", 2L, "data", List.of("e")), Map.of()),
                Map.of("a", 1L),
                List.of("u", Map.of("type", 3L, "data", List.of("e")), Map.of()))) {
            assertThatThrownBy(() -> codec.decodeBroadcast(MsgpackCodec.encode(broadcast)))
                    .as("%s", broadcast)
                    .isInstanceOf(CodecException.class);
        }
    }

    @Test
    void randomAndTruncatedBytesOnlyEverThrowCodecException() {
        Random random = new Random(42);
        List<byte[]> seeds = Vectors.load("classic.json").stream()
                .filter(Vectors.Vector::hasPayload)
                .map(Vectors.Vector::payload)
                .toList();
        for (int i = 0; i < 5000; i++) {
            byte[] payload;
            if (i % 2 == 0) {
                byte[] seed = seeds.get(random.nextInt(seeds.size()));
                payload = java.util.Arrays.copyOf(seed, random.nextInt(seed.length));
            } else {
                payload = new byte[random.nextInt(64)];
                random.nextBytes(payload);
            }
            for (int channel = 0; channel < 3; channel++) {
                try {
                    switch (channel) {
                        case 0 -> codec.decodeBroadcast(payload);
                        case 1 -> codec.decodeRequest(payload);
                        default -> codec.decodeResponse(payload);
                    }
                } catch (CodecException expected) {
                    // the only acceptable failure
                }
            }
        }
    }

    @Test
    void channelNamesFollowTheOfficialAdapter() {
        ClassicChannels channels = new ClassicChannels("socket.io", "/custom");
        assertThat(channels.broadcastPattern()).isEqualTo("socket.io#/custom#*");
        assertThat(channels.requestChannel()).isEqualTo("socket.io-request#/custom#");
        assertThat(channels.responseChannel()).isEqualTo("socket.io-response#/custom#");
        assertThat(channels.specificResponseChannel("_54U59")).isEqualTo("socket.io-response#/custom#_54U59#");
        assertThat(channels.channelFor(BroadcastOptions.ALL)).isEqualTo("socket.io#/custom#");
        assertThat(channels.channelFor(BroadcastOptions.toRooms(Set.of("a", "b"))))
                .isEqualTo("socket.io#/custom#");
        assertThat(channels.channelFor(BroadcastOptions.toRoom("r1"))).isEqualTo("socket.io#/custom#r1#");
        assertThat(channels.roomOf("socket.io#/custom#")).isEmpty();
        assertThat(channels.roomOf("socket.io#/custom#r#1#")).isEqualTo("r#1");
        assertThat(channels.roomOf("socket.io#/#r1#")).isNull();
        assertThat(channels.roomOf("socket.io#/custom#x")).isNull();
    }
}
