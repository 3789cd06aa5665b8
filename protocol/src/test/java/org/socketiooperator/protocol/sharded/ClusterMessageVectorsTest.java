package org.socketiooperator.protocol.sharded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketiooperator.protocol.Vectors;
import org.socketiooperator.protocol.Vectors.Vector;
import org.socketiooperator.protocol.codec.PayloadFormat;
import org.socketiooperator.protocol.model.BroadcastFlags;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.SocketDetails;
import org.socketiooperator.protocol.sharded.ClusterMessage.Broadcast;
import org.socketiooperator.protocol.sharded.ClusterMessage.BroadcastAck;
import org.socketiooperator.protocol.sharded.ClusterMessage.BroadcastClientCount;
import org.socketiooperator.protocol.sharded.ClusterMessage.DisconnectSockets;
import org.socketiooperator.protocol.sharded.ClusterMessage.FetchSockets;
import org.socketiooperator.protocol.sharded.ClusterMessage.FetchSocketsResponse;
import org.socketiooperator.protocol.sharded.ClusterMessage.ServerSideEmit;
import org.socketiooperator.protocol.sharded.ClusterMessage.ServerSideEmitResponse;
import org.socketiooperator.protocol.sharded.ClusterMessage.SocketsJoin;
import org.socketiooperator.protocol.sharded.ClusterMessage.SocketsLeave;

/** Every envelope the official sharded adapter published decodes, re-encodes to its bytes, and went to our channel. */
class ClusterMessageVectorsTest {

    static Stream<Vector> published() {
        return Vectors.SHARDED_FILES.stream()
                .flatMap(file -> Vectors.load(file).stream())
                .filter(v -> v.command().equals("SPUBLISH"));
    }

    @Test
    void everySubscriptionModeHasCapturedEnvelopes() {
        for (String file : Vectors.SHARDED_FILES) {
            assertThat(Vectors.load(file).stream()
                            .filter(v -> v.command().equals("SPUBLISH"))
                            .count())
                    .as(file)
                    .isGreaterThan(30);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("published")
    void decodesToTheRecordOfItsType(Vector vector) {
        ClusterMessage message = ClusterMessageCodec.decode(vector.payload());

        Map<?, ?> recorded = (Map<?, ?>) Vectors.toValue(vector.decoded());
        assertThat((long) message.type()).isEqualTo(recorded.get("type"));
        assertThat(message.uid()).isEqualTo(recorded.get("uid")).matches("[0-9a-f]{16}");
        assertThat(message.nsp()).isEqualTo(recorded.get("nsp"));
        Map<?, ?> data = (Map<?, ?>) recorded.get("data");
        Object expectedType = switch (message.type()) {
            case 3 -> Broadcast.class;
            case 4 -> SocketsJoin.class;
            case 5 -> SocketsLeave.class;
            case 6 -> DisconnectSockets.class;
            case 7 -> FetchSockets.class;
            case 8 -> FetchSocketsResponse.class;
            case 9 -> ServerSideEmit.class;
            case 10 -> ServerSideEmitResponse.class;
            case 11 -> BroadcastClientCount.class;
            case 12 -> BroadcastAck.class;
            default -> null;
        };
        assertThat(message).isInstanceOf((Class<?>) expectedType);
        if (message instanceof ClusterMessage.Response response) {
            assertThat(response.requestId()).isEqualTo(data.get("requestId"));
        }
        if (message instanceof Broadcast b) {
            Map<?, ?> packet = (Map<?, ?>) data.get("packet");
            assertThat(Vectors.toNode(b.packetData())).isEqualTo(Vectors.toNode(packet.get("data")));
            assertThat(b.requestId()).isEqualTo(data.get("requestId"));
            Map<?, ?> opts = (Map<?, ?>) data.get("opts");
            assertThat(b.opts().rooms()).containsExactlyInAnyOrderElementsOf((List<String>) opts.get("rooms"));
            assertThat(b.opts().except()).containsExactlyInAnyOrderElementsOf((List<String>) opts.get("except"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("published")
    void reEncodesToTheCapturedBytes(Vector vector) {
        ClusterMessage message = ClusterMessageCodec.decode(vector.payload());

        byte[] encoded = ClusterMessageCodec.encode(message);

        assertThat(PayloadFormat.sniff(encoded).name().toLowerCase()).isEqualTo(vector.encoding());
        assertThat(encoded).isEqualTo(vector.payload());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("published")
    void wentToTheChannelOurPublisherWouldChoose(Vector vector) {
        ClusterMessage message = ClusterMessageCodec.decode(vector.payload());
        ShardedChannels channels = new ShardedChannels("socket.io", message.nsp(), policyOf(vector.file()));

        if (message instanceof ClusterMessage.Response) {
            assertThat(vector.channel())
                    .matches("socket\\.io#" + message.nsp() + "#[0-9a-f]{16}#")
                    .isNotEqualTo(channels.responseChannel(message.uid()));
        } else {
            assertThat(channels.publishChannel(message)).isEqualTo(vector.channel());
        }
    }

    @Test
    void recordsBuiltByJavaEncodeToNodeBytes() {
        Map<String, Vector> byPhaseAndType = new LinkedHashMap<>();
        Vectors.load("sharded-dynamic.json").stream()
                .filter(v -> v.command().equals("SPUBLISH"))
                .forEach(v -> byPhaseAndType.putIfAbsent(
                        v.phase() + "/" + v.decoded().get("type").asInt(), v));
        String s1 = "f57c0c1b872ca693";

        assertEncodes(
                byPhaseAndType.get("broadcast-room/3"),
                new Broadcast(s1, "/", List.of("event", "r1"), BroadcastOptions.toRoom("room1"), null));
        assertEncodes(
                byPhaseAndType.get("broadcast-multi-rooms/3"),
                new Broadcast(
                        s1, "/", List.of("event", "r1r2"), BroadcastOptions.toRooms(List.of("room2", "room1")), null));
        assertEncodes(
                byPhaseAndType.get("broadcast-volatile-compress/3"),
                new Broadcast(
                        s1,
                        "/",
                        List.of("event", "flags"),
                        BroadcastOptions.ALL.withFlags(
                                BroadcastFlags.NONE.withVolatile(true).withCompress(false)),
                        null));
        assertEncodes(
                byPhaseAndType.get("broadcast-binary/3"),
                new Broadcast(
                        s1,
                        "/",
                        List.of("bin", new byte[] {1, 2, 3}, Map.of("nested", new byte[] {4, 5})),
                        BroadcastOptions.ALL,
                        null));
        assertEncodes(
                byPhaseAndType.get("broadcast-with-ack/3"),
                new Broadcast(
                        s1,
                        "/",
                        List.of("ack-test", "payload"),
                        BroadcastOptions.ALL.withFlags(BroadcastFlags.NONE.withTimeoutMs(1000L)),
                        "06d75d58dbf133c8"));
        assertEncodes(
                byPhaseAndType.get("broadcast-with-ack/11"),
                new BroadcastClientCount("977eac7ab47f971e", "/", "06d75d58dbf133c8", 1));
        assertEncodes(
                byPhaseAndType.get("broadcast-with-ack-room/12"),
                new BroadcastAck("906177197f78fa1c", "/", "6c5755fe7da20318", new byte[] {2, 2}));
        assertEncodes(
                byPhaseAndType.get("fetch-sockets/7"),
                new FetchSockets(s1, "/", BroadcastOptions.ALL, "460a58425e5bcc30"));
        assertEncodes(
                byPhaseAndType.get("sockets-leave/5"),
                new SocketsLeave(
                        s1, "/", BroadcastOptions.toRoom("room1").withExcept(List.of("room2")), List.of("room4")));
        assertEncodes(
                byPhaseAndType.get("disconnect-sockets/6"),
                new DisconnectSockets("977eac7ab47f971e", "/", BroadcastOptions.toRoom("room1"), true));
        assertEncodes(
                byPhaseAndType.get("server-side-emit-ack/9"),
                new ServerSideEmit(s1, "/", List.of("ping", "are you there"), "c11f728104e8213d"));
        assertEncodes(
                byPhaseAndType.get("server-side-emit-ack/10"),
                new ServerSideEmitResponse("977eac7ab47f971e", "/", "c11f728104e8213d", new byte[] {3}));
    }

    @Test
    void socketDetailsOfAFetchResponseEncodeToNodeBytes() {
        Vector vector = Vectors.load("sharded-dynamic.json").stream()
                .filter(v -> v.phase().equals("fetch-sockets")
                        && v.decoded().path("type").asInt() == 8)
                .findFirst()
                .orElseThrow();
        Map<?, ?> socket = (Map<?, ?>) ((List<?>)
                        ((Map<?, ?>) ((Map<?, ?>) Vectors.toValue(vector.decoded())).get("data")).get("sockets"))
                .get(0);
        @SuppressWarnings("unchecked")
        SocketDetails details = new SocketDetails(
                (String) socket.get("id"),
                (Map<String, Object>) socket.get("handshake"),
                Set.of("room2", (String) socket.get("id")),
                Map.of("user", "user3", "bin", Base64.getDecoder().decode("Aw==")));
        // Map.of has no order: rebuild data in Node's insertion order.
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user", "user3");
        data.put("bin", Base64.getDecoder().decode("Aw=="));
        details = new SocketDetails(details.id(), details.handshake(), details.rooms(), data);
        ClusterMessage decoded = ClusterMessageCodec.decode(vector.payload());

        assertEncodes(
                vector,
                new FetchSocketsResponse(
                        decoded.uid(), "/", ((FetchSocketsResponse) decoded).requestId(), List.of(details)));
    }

    private static void assertEncodes(Vector vector, ClusterMessage message) {
        assertThat(vector).isNotNull();
        assertThat(ClusterMessageCodec.encode(message)).as(vector.toString()).isEqualTo(vector.payload());
    }

    static RoomChannelPolicy policyOf(String file) {
        return switch (file) {
            case "sharded-static.json" -> RoomChannelPolicy.NONE;
            case "sharded-dynamic.json" -> RoomChannelPolicy.PUBLIC_ROOMS;
            case "sharded-dynamic-private.json" -> RoomChannelPolicy.ALL_ROOMS;
            default -> throw new IllegalArgumentException(file);
        };
    }
}
