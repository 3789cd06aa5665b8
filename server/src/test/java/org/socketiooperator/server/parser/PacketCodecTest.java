package org.socketiooperator.server.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketiooperator.protocol.model.PacketType;

class PacketCodecTest {

    @Test
    void encodesInTheOfficialTextForm() {
        assertThat(PacketEncoder.encode(new Packet(PacketType.CONNECT, "/", null, Map.of("sid", "abc")))
                        .text())
                .isEqualTo("0{\"sid\":\"abc\"}");
        assertThat(PacketEncoder.encode(new Packet(PacketType.DISCONNECT, "/admin", null, null))
                        .text())
                .isEqualTo("1/admin,");
        assertThat(PacketEncoder.encode(new Packet(PacketType.EVENT, "/", 12L, List.of("hi", 1, 2.5, true)))
                        .text())
                .isEqualTo("212[\"hi\",1,2.5,true]");
        assertThat(PacketEncoder.encode(new Packet(PacketType.ACK, "/chat", 3L, List.of()))
                        .text())
                .isEqualTo("3/chat,3[]");
        assertThat(PacketEncoder.encode(new Packet(
                                PacketType.CONNECT_ERROR, "/x", null, Map.of("message", "Invalid namespace")))
                        .text())
                .isEqualTo("4/x,{\"message\":\"Invalid namespace\"}");
    }

    @Test
    void binaryBecomesPlaceholdersAndAttachmentsInOrder() {
        byte[] a = {1, 2};
        byte[] b = {3};
        EncodedPacket encoded = PacketEncoder.encode(
                new Packet(PacketType.EVENT, "/nsp", 7L, List.of("up", a, Map.of("deep", List.of(b)))));
        assertThat(encoded.text())
                .isEqualTo("52-/nsp,7[\"up\",{\"_placeholder\":true,\"num\":0},"
                        + "{\"deep\":[{\"_placeholder\":true,\"num\":1}]}]");
        assertThat(encoded.attachments()).containsExactly(a, b);
        assertThat(PacketEncoder.encode(new Packet(PacketType.ACK, "/", 1L, List.of(a)))
                        .text())
                .isEqualTo("61-1[{\"_placeholder\":true,\"num\":0}]");
    }

    @Test
    void aBroadcastEncodingTakesAnAckIdBetweenHeaderAndBody() {
        EncodedPacket encoded = PacketEncoder.encode(new Packet(PacketType.EVENT, "/n", null, List.of("e")));
        assertThat(encoded.textWithId(42)).isEqualTo("2/n,42[\"e\"]");
    }

    @Test
    @SuppressWarnings("unchecked")
    void decodesWhatTheClientSends() {
        PacketDecoder decoder = new PacketDecoder(10, 1_000_000);
        Packet connect = decoder.decodeText("0/admin,{\"token\":\"t\"}");
        assertThat(connect).isEqualTo(new Packet(PacketType.CONNECT, "/admin", null, Map.of("token", "t")));
        Packet event = decoder.decodeText("2/admin,5[\"msg\",{\"n\":9007199254740991,\"f\":0.5},null]");
        assertThat(event.id()).isEqualTo(5L);
        assertThat(event.nsp()).isEqualTo("/admin");
        assertThat((List<Object>) event.data()).containsExactly("msg", Map.of("n", 9007199254740991L, "f", 0.5), null);
        assertThat(decoder.decodeText("1").type()).isEqualTo(PacketType.DISCONNECT);
    }

    @Test
    void reassemblesBinaryPackets() {
        PacketDecoder decoder = new PacketDecoder(10, 1_000_000);
        assertThat(decoder.decodeText(
                        "52-3[\"bin\",{\"_placeholder\":true,\"num\":1},[{\"_placeholder\":true,\"num\":0}]]"))
                .isNull();
        assertThat(decoder.decodeBinary(new byte[] {9})).isNull();
        Packet packet = decoder.decodeBinary(new byte[] {8});
        List<?> data = (List<?>) packet.data();
        assertThat(packet.type()).isEqualTo(PacketType.BINARY_EVENT);
        assertThat(packet.id()).isEqualTo(3L);
        assertThat((byte[]) data.get(1)).containsExactly(8);
        assertThat((byte[]) ((List<?>) data.get(2)).get(0)).containsExactly(9);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "7",
                "2",
                "2[",
                "2{}",
                "2[]",
                "2[\"connect\"]",
                "2[null]",
                "0[1]",
                "1{}",
                "3[]",
                "4",
                "5-[\"x\"]",
                "5a-[\"x\"]",
                "51-[\"x\",{\"_placeholder\":true,\"num\":1}]",
                "2[\"a\"]x",
                "21234567890123456[\"a\"]"
            })
    void refusesMalformedPackets(String text) {
        PacketDecoder decoder = new PacketDecoder(10, 1_000_000);
        assertThatThrownBy(() -> {
                    Packet p = decoder.decodeText(text);
                    if (p == null) {
                        decoder.decodeBinary(new byte[0]);
                    }
                })
                .isInstanceOf(ParseException.class);
    }

    @Test
    void refusesDeeplyNestedJson() {
        int depth = org.socketiooperator.protocol.codec.CodecLimits.MAX_JSON_DEPTH;
        String deep = "2[\"e\"," + "[".repeat(depth) + "]".repeat(depth) + "]";
        assertThatThrownBy(() -> new PacketDecoder(10, 1_000_000).decodeText(deep))
                .isInstanceOf(ParseException.class);
    }

    @Test
    void restoresAttachmentsInsideValuesNestedToTheJsonLimitOnASmallStack() throws Exception {
        int depth = org.socketiooperator.protocol.codec.CodecLimits.MAX_JSON_DEPTH - 2;
        String deep = "51-[\"e\"," + "{\"a\":".repeat(depth - 1) + "{\"_placeholder\":true,\"num\":0}"
                + "}".repeat(depth - 1) + "]";
        java.util.concurrent.atomic.AtomicReference<Object> result =
                new java.util.concurrent.atomic.AtomicReference<>();
        Thread small = new Thread(
                null,
                () -> {
                    try {
                        PacketDecoder decoder = new PacketDecoder(10, 1_000_000);
                        decoder.decodeText(deep);
                        result.set(decoder.decodeBinary(new byte[] {7}));
                    } catch (Throwable t) {
                        result.set(t);
                    }
                },
                "small-stack",
                256 * 1024);
        small.start();
        small.join();
        assertThat(result.get()).isInstanceOf(Packet.class);
        Object value = ((java.util.List<?>) ((Packet) result.get()).data()).get(1);
        for (int i = 0; i < depth - 1; i++) {
            value = ((java.util.Map<?, ?>) value).get("a");
        }
        assertThat(value).isEqualTo(new byte[] {7});
    }

    @Test
    void refusesTooManyAttachmentsAndPendingBinaryOverTheSizeLimit() {
        assertThatThrownBy(() -> new PacketDecoder(10, 1_000_000).decodeText("511-[\"x\"]"))
                .isInstanceOfSatisfying(
                        ParseException.class,
                        e -> assertThat(e.kind()).isEqualTo(ParseException.Kind.TOO_MANY_ATTACHMENTS));
        PacketDecoder decoder = new PacketDecoder(10, 1_000);
        decoder.decodeText("52-[\"x\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        decoder.decodeBinary(new byte[600]);
        assertThatThrownBy(() -> decoder.decodeBinary(new byte[600]))
                .isInstanceOfSatisfying(
                        ParseException.class, e -> assertThat(e.kind()).isEqualTo(ParseException.Kind.TOO_LARGE));
    }

    @Test
    void refusesUnexpectedBinaryAndTextDuringReassembly() {
        assertThatThrownBy(() -> new PacketDecoder(10, 1_000_000).decodeBinary(new byte[] {1}))
                .isInstanceOf(ParseException.class);
        PacketDecoder decoder = new PacketDecoder(10, 1_000_000);
        decoder.decodeText("51-[\"x\",{\"_placeholder\":true,\"num\":0}]");
        assertThatThrownBy(() -> decoder.decodeText("2[\"y\"]")).isInstanceOf(ParseException.class);
    }

    @Test
    void writesJavaScriptNumbersAndObjects() {
        record Point(int x, int y) {}
        assertThat(PacketEncoder.encode(
                                new Packet(PacketType.EVENT, "/", null, List.of("n", 3.0, Double.NaN, new Point(1, 2))))
                        .text())
                .isEqualTo("2[\"n\",3,null,{\"x\":1,\"y\":2}]");
    }
}
