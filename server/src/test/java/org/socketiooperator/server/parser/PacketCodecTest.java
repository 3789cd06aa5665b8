package org.socketiooperator.server.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PacketCodecTest {

    @Test
    void encodesInTheOfficialTextForm() {
        assertThat(PacketEncoder.encode(new Packet(PacketType.CONNECT, "/", null, Map.of("sid", "abc"))).text())
                .isEqualTo("0{\"sid\":\"abc\"}");
        assertThat(PacketEncoder.encode(new Packet(PacketType.DISCONNECT, "/admin", null, null)).text())
                .isEqualTo("1/admin,");
        assertThat(PacketEncoder.encode(new Packet(PacketType.EVENT, "/", 12L, List.of("hi", 1, 2.5, true))).text())
                .isEqualTo("212[\"hi\",1,2.5,true]");
        assertThat(PacketEncoder.encode(new Packet(PacketType.ACK, "/chat", 3L, List.of())).text())
                .isEqualTo("3/chat,3[]");
        assertThat(PacketEncoder.encode(new Packet(PacketType.CONNECT_ERROR, "/x", null,
                Map.of("message", "Invalid namespace"))).text()).isEqualTo("4/x,{\"message\":\"Invalid namespace\"}");
    }

    @Test
    void binaryBecomesPlaceholdersAndAttachmentsInOrder() {
        byte[] a = {1, 2};
        byte[] b = {3};
        EncodedPacket encoded = PacketEncoder.encode(new Packet(PacketType.EVENT, "/nsp", 7L,
                List.of("up", a, Map.of("deep", List.of(b)))));
        assertThat(encoded.text()).isEqualTo("52-/nsp,7[\"up\",{\"_placeholder\":true,\"num\":0},"
                + "{\"deep\":[{\"_placeholder\":true,\"num\":1}]}]");
        assertThat(encoded.attachments()).containsExactly(a, b);
        assertThat(PacketEncoder.encode(new Packet(PacketType.ACK, "/", 1L, List.of(a))).text())
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
        PacketDecoder decoder = new PacketDecoder();
        Packet connect = decoder.decodeText("0/admin,{\"token\":\"t\"}");
        assertThat(connect).isEqualTo(new Packet(PacketType.CONNECT, "/admin", null, Map.of("token", "t")));
        Packet event = decoder.decodeText("2/admin,5[\"msg\",{\"n\":9007199254740991,\"f\":0.5},null]");
        assertThat(event.id()).isEqualTo(5L);
        assertThat(event.nsp()).isEqualTo("/admin");
        assertThat((List<Object>) event.data()).containsExactly("msg",
                Map.of("n", 9007199254740991L, "f", 0.5), null);
        assertThat(decoder.decodeText("1").type()).isEqualTo(PacketType.DISCONNECT);
    }

    @Test
    void reassemblesBinaryPackets() {
        PacketDecoder decoder = new PacketDecoder();
        assertThat(decoder.decodeText("52-3[\"bin\",{\"_placeholder\":true,\"num\":1},[{\"_placeholder\":true,\"num\":0}]]"))
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
    @ValueSource(strings = {"", "7", "2", "2[", "2{}", "2[]", "2[\"connect\"]", "2[null]", "0[1]", "1{}", "3[]",
        "4", "5-[\"x\"]", "5a-[\"x\"]", "51-[\"x\",{\"_placeholder\":true,\"num\":1}]", "2[\"a\"]x",
        "21234567890123456[\"a\"]"})
    void refusesMalformedPackets(String text) {
        PacketDecoder decoder = new PacketDecoder();
        assertThatThrownBy(() -> {
            Packet p = decoder.decodeText(text);
            if (p == null) {
                decoder.decodeBinary(new byte[0]);
            }
        }).isInstanceOf(ParseException.class);
    }

    @Test
    void refusesDeeplyNestedJson() {
        String deep = "2[\"e\"," + "[".repeat(500) + "]".repeat(500) + "]";
        assertThatThrownBy(() -> new PacketDecoder().decodeText(deep)).isInstanceOf(ParseException.class);
    }

    @Test
    void refusesUnexpectedBinaryAndTextDuringReassembly() {
        assertThatThrownBy(() -> new PacketDecoder().decodeBinary(new byte[] {1})).isInstanceOf(ParseException.class);
        PacketDecoder decoder = new PacketDecoder();
        decoder.decodeText("51-[\"x\",{\"_placeholder\":true,\"num\":0}]");
        assertThatThrownBy(() -> decoder.decodeText("2[\"y\"]")).isInstanceOf(ParseException.class);
    }

    @Test
    void writesJavaScriptNumbersAndObjects() {
        record Point(int x, int y) {
        }
        assertThat(PacketEncoder.encode(new Packet(PacketType.EVENT, "/", null,
                List.of("n", 3.0, Double.NaN, new Point(1, 2)))).text())
                .isEqualTo("2[\"n\",3,null,{\"x\":1,\"y\":2}]");
    }
}
