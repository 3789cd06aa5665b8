package org.socketiooperator.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MsgpackCodecTest {

    private static String hex(Object value) {
        return HexFormat.of().formatHex(MsgpackCodec.encode(value));
    }

    @Test
    void writesIntegersInTheirSmallestForm() {
        assertThat(hex(5)).isEqualTo("05");
        assertThat(hex(200)).isEqualTo("ccc8");
        assertThat(hex(70000)).isEqualTo("ce00011170");
        assertThat(hex(-3)).isEqualTo("fd");
        assertThat(hex(-100)).isEqualTo("d09c");
        assertThat(hex(1L << 40)).isEqualTo("cf0000010000000000");
    }

    @Test
    void writesIntegralDoublesAsIntegersAndOthersAsFloat64() {
        assertThat(hex(3.0)).isEqualTo("03");
        assertThat(hex(4.5)).isEqualTo("cb4012000000000000");
        assertThat(hex(Double.NaN)).startsWith("cb");
    }

    @Test
    void writesTextAsStrAndBytesAsBin() {
        assertThat(hex("a")).isEqualTo("a161");
        assertThat(hex("x".repeat(40))).startsWith("d928");
        assertThat(hex(new byte[] {1, 2})).isEqualTo("c4020102");
    }

    @Test
    void roundTripsTimestamps() {
        Instant instant = Instant.parse("2026-11-26T01:02:03.456Z");
        assertThat(MsgpackCodec.decode(MsgpackCodec.encode(instant))).isEqualTo(instant);
    }

    @Test
    void keepsMapOrder() {
        Object decoded = MsgpackCodec.decode(MsgpackCodec.encode(Map.of("only", List.of(1L, "2"))));
        assertThat(decoded).isEqualTo(Map.of("only", List.of(1L, "2")));
    }

    @Test
    void refusesLengthsLargerThanThePayload() {
        // array32 claiming 2^31 elements in a 5-byte payload
        assertThatThrownBy(() -> MsgpackCodec.decode(HexFormat.of().parseHex("dd7fffffff")))
                .isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> MsgpackCodec.decode(HexFormat.of().parseHex("c6ffffffff00")))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void refusesHostileNesting() {
        byte[] deep = new byte[100_000];
        java.util.Arrays.fill(deep, (byte) 0x91);
        assertThatThrownBy(() -> MsgpackCodec.decode(deep)).isInstanceOf(CodecException.class);
    }

    @Test
    void refusesTrailingBytes() {
        assertThatThrownBy(() -> MsgpackCodec.decode(new byte[] {1, 2})).isInstanceOf(CodecException.class);
    }
}
