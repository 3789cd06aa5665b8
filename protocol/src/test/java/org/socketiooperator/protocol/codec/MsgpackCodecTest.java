package org.socketiooperator.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketiooperator.protocol.Deep;

class MsgpackCodecTest {

    private static final int MAX = CodecLimits.MAX_MSGPACK_DEPTH;

    private static String hex(Object value) {
        return HexFormat.of().formatHex(MsgpackCodec.encode(value));
    }

    @Test
    void stringsLongerThanTheDecodeBufferRoundTripWithMultiByteCharacters() {
        String text = "h\u00e9llo \u2603 \uD83D\uDE00 ".repeat(20_000);
        assertThat(MsgpackCodec.decode(MsgpackCodec.encode(List.of(text, Map.of(text, text)))))
                .isEqualTo(List.of(text, Map.of(text, text)));
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
    void refusesHostileNesting() throws Throwable {
        byte[] deep = new byte[100_000];
        Arrays.fill(deep, (byte) 0x91);
        Deep.onSmallStack(
                () -> assertThatThrownBy(() -> MsgpackCodec.decode(deep)).isInstanceOf(CodecException.class));
    }

    /** {@code depth} one-element arrays (0x91) around the integer 1. */
    private static byte[] nestedArrays(int depth) {
        byte[] bytes = new byte[depth + 1];
        Arrays.fill(bytes, (byte) 0x91);
        bytes[depth] = 1;
        return bytes;
    }

    @Test
    void roundTripsDeepValuesOnASmallStack() throws Throwable {
        Deep.onSmallStack(() -> {
            for (Object value : List.of(
                    Deep.lists(1000, 1L),
                    Deep.maps(1000, "x"),
                    Deep.lists(1000, new byte[] {1}),
                    Deep.lists(MAX, 1L),
                    Deep.maps(MAX - 1, List.of()))) {
                byte[] bytes = MsgpackCodec.encode(value);
                Object decoded = MsgpackCodec.decode(bytes);
                assertThat(MsgpackCodec.encode(decoded)).isEqualTo(bytes);
                assertThat(JsonCodec.encodeToString(decoded)).isEqualTo(JsonCodec.encodeToString(value));
            }
            assertThat(MsgpackCodec.encode(MsgpackCodec.decode(nestedArrays(MAX))))
                    .isEqualTo(nestedArrays(MAX));
        });
    }

    @Test
    void refusesNestingPastTheLimitWithACodecExceptionOnASmallStack() throws Throwable {
        Deep.onSmallStack(() -> {
            assertThatThrownBy(() -> MsgpackCodec.decode(nestedArrays(MAX + 1)))
                    .isInstanceOf(CodecException.class)
                    .hasMessageContaining(String.valueOf(MAX));
            byte[] nestedMaps = new byte[3 * (MAX + 1) + 1];
            for (int i = 0; i < MAX + 1; i++) {
                // fixmap of one entry, key "a"
                nestedMaps[3 * i] = (byte) 0x81;
                nestedMaps[3 * i + 1] = (byte) 0xa1;
                nestedMaps[3 * i + 2] = 'a';
            }
            nestedMaps[3 * (MAX + 1)] = 1;
            assertThatThrownBy(() -> MsgpackCodec.decode(nestedMaps)).isInstanceOf(CodecException.class);

            assertThatThrownBy(() -> MsgpackCodec.encode(Deep.lists(MAX + 1, 1L)))
                    .isInstanceOf(CodecException.class)
                    .hasMessageContaining(String.valueOf(MAX));
            assertThatThrownBy(() -> MsgpackCodec.encode(Deep.maps(MAX + 1, 1L)))
                    .isInstanceOf(CodecException.class);
            assertThatThrownBy(() -> MsgpackCodec.encode(Deep.lists(100_000, 1L)))
                    .isInstanceOf(CodecException.class);
            Map<String, Object> cycle = new HashMap<>();
            cycle.put("self", cycle);
            assertThatThrownBy(() -> MsgpackCodec.encode(cycle)).isInstanceOf(CodecException.class);
        });
    }

    @Test
    void refusesTrailingBytes() {
        assertThatThrownBy(() -> MsgpackCodec.decode(new byte[] {1, 2})).isInstanceOf(CodecException.class);
    }
}
