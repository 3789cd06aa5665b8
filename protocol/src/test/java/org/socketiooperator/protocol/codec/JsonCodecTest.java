package org.socketiooperator.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketiooperator.protocol.Deep;

class JsonCodecTest {

    private static final int MAX = CodecLimits.MAX_JSON_DEPTH;

    @Test
    void writesWhatJsonStringifyWrites() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "a\"b\\c\n\u0001é");
        value.put("n", List.of(1L, 2.0, 4.5, -0.0, 1e21, 1e-7, 1.5e-8, Double.NaN));
        value.put("b", new byte[] {1, (byte) 255});
        value.put("z", null);

        assertThat(JsonCodec.encodeToString(value))
                .isEqualTo("{\"s\":\"a\\\"b\\\\c\\n\\u0001é\",\"n\":[1,2,4.5,0,1e+21,1e-7,1.5e-8,null],"
                        + "\"b\":{\"type\":\"Buffer\",\"data\":[1,255]},\"z\":null}");
    }

    @Test
    void readsNumbersAsJavaScriptDoes() {
        assertThat(JsonCodec.decode("[1,2.0,2.5,1e400]")).isEqualTo(List.of(1L, 2L, 2.5, Double.POSITIVE_INFINITY));
    }

    @Test
    void rejectsMalformedInputWithACodecException() {
        assertThatThrownBy(() -> JsonCodec.decode("{\"a\":")).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> JsonCodec.decode("{} {}")).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> JsonCodec.decode("[".repeat(5000))).isInstanceOf(CodecException.class);
    }

    @Test
    void readsNumbersOfAnyLengthAsJsonParseDoes() {
        assertThat(JsonCodec.decode("123456789012345678901234567890")).isEqualTo(1.2345678901234568e29);
        assertThat(JsonCodec.decode("[1e400,-1e400]"))
                .isEqualTo(List.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        // 400 digits is past a double's range: Infinity, as in JavaScript.
        String digits400 = "1" + "0".repeat(399);
        assertThat(JsonCodec.decode(digits400)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(JsonCodec.decode("-" + digits400)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(JsonCodec.decode("1" + "0".repeat(299))).isEqualTo(1e299);
        // Longer than Jackson's default limit of 1000 characters.
        assertThat(JsonCodec.decode("0." + "3".repeat(5000))).isEqualTo(0.3333333333333333);
        assertThat(JsonCodec.decode("1" + "0".repeat(1500) + "e-1500")).isEqualTo(1L);
        assertThat(JsonCodec.decode("1e-400")).isEqualTo(0L);
    }

    @Test
    void keepsIntegersThatFitALongAsLongs() {
        assertThat(JsonCodec.decode("[9223372036854775807,-9223372036854775808,9223372036854775808,"
                        + "-9223372036854775809,12345678901234567,1.5e3,-0,0]"))
                .isEqualTo(List.of(Long.MAX_VALUE, Long.MIN_VALUE, 0x1p63, -0x1p63, 12345678901234567L, 1500L, 0L, 0L));
    }

    @Test
    void readsMegabyteNumbersStraightToDoubles() {
        // Through BigInteger (quadratic) each of these takes seconds; from text to double, milliseconds.
        String digits = "7".repeat(1 << 20);
        assertThat(JsonCodec.decode(digits)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(JsonCodec.decode("[-" + digits + "]")).isEqualTo(List.of(Double.NEGATIVE_INFINITY));
        assertThat(JsonCodec.decode("0." + digits)).isEqualTo(0.7777777777777778);
        assertThat(JsonCodec.decode(digits + "e-" + ((1 << 20) - 1))).isEqualTo(7.777777777777778);
        assertThat(JsonCodec.decode("1e" + digits)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(JsonCodec.decode("{\"n\":1e-" + digits + "}")).isEqualTo(Map.of("n", 0L));
    }

    @Test
    void writesNonFiniteNumbersAsNullAsJsonStringifyDoes() {
        assertThat(JsonCodec.encodeToString(List.of(
                        Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY,
                        Double.NaN,
                        Float.POSITIVE_INFINITY,
                        Float.NaN)))
                .isEqualTo("[null,null,null,null,null]");
        assertThat(JsonCodec.encodeToString(JsonCodec.decode("[1e400]"))).isEqualTo("[null]");
    }

    @Test
    void decodesAndReencodesDeepValuesOnASmallStack() throws Throwable {
        Deep.onSmallStack(() -> {
            for (String json : List.of(
                    Deep.jsonArrays(1000),
                    Deep.jsonObjects(1000),
                    "[\"e\"," + Deep.jsonArrays(999) + "," + Deep.jsonObjects(999) + "]",
                    Deep.jsonArrays(MAX),
                    Deep.jsonObjects(MAX))) {
                assertThat(JsonCodec.encodeToString(JsonCodec.decode(json))).isEqualTo(json);
            }
            assertThat(JsonCodec.encodeToString(Deep.lists(MAX, 1L)))
                    .isEqualTo("[".repeat(MAX) + "1" + "]".repeat(MAX));
        });
    }

    @Test
    void refusesNestingPastTheLimitWithACodecExceptionOnASmallStack() throws Throwable {
        Deep.onSmallStack(() -> {
            assertThatThrownBy(() -> JsonCodec.decode(Deep.jsonArrays(MAX + 1)))
                    .isInstanceOf(CodecException.class)
                    .hasMessageContaining(String.valueOf(MAX));
            assertThatThrownBy(() -> JsonCodec.decode(Deep.jsonObjects(MAX + 1)))
                    .isInstanceOf(CodecException.class);
            assertThatThrownBy(() -> JsonCodec.decode(Deep.jsonArrays(100_000))).isInstanceOf(CodecException.class);
            assertThatThrownBy(() -> JsonCodec.decode(Deep.jsonObjects(100_000)))
                    .isInstanceOf(CodecException.class);
            assertThatThrownBy(() -> JsonCodec.decode("[".repeat(100_000))).isInstanceOf(CodecException.class);

            assertThatThrownBy(() -> JsonCodec.encodeToString(Deep.lists(MAX + 1, 1L)))
                    .isInstanceOf(CodecException.class)
                    .hasMessageContaining(String.valueOf(MAX));
            assertThatThrownBy(() -> JsonCodec.encodeToString(Deep.maps(MAX + 1, 1L)))
                    .isInstanceOf(CodecException.class);
            assertThatThrownBy(() -> JsonCodec.encodeToString(Deep.lists(100_000, 1L)))
                    .isInstanceOf(CodecException.class);
            assertThatThrownBy(() -> JsonCodec.encodeToString(Deep.maps(100_000, 1L), new PassThrough()))
                    .isInstanceOf(CodecException.class);
            List<Object> cycle = new ArrayList<>();
            cycle.add(cycle);
            assertThatThrownBy(() -> JsonCodec.encodeToString(cycle)).isInstanceOf(CodecException.class);
        });
    }

    @Test
    void countsTheBufferFormOfBytesAsTwoLevels() {
        byte[] bytes = {1};
        // {"type":"Buffer","data":[1]} is an object and an array: what is written must decode again.
        String json = JsonCodec.encodeToString(Deep.lists(MAX - 2, bytes));
        assertThat(JsonCodec.encodeToString(JsonCodec.decode(json))).isEqualTo(json);
        assertThatThrownBy(() -> JsonCodec.encodeToString(Deep.lists(MAX - 1, bytes)))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void substitutesOnceThenWritesOrRefuses() {
        JsonCodec.Substitutions toBytes = new JsonCodec.Substitutions() {
            @Override
            public Object binary(byte[] bytes) {
                return Map.of("_placeholder", true);
            }

            @Override
            public Object other(Object value) {
                return new byte[] {1};
            }
        };
        assertThat(JsonCodec.encodeToString(List.of(new Object()), toBytes)).isEqualTo("[{\"_placeholder\":true}]");

        JsonCodec.Substitutions endless = new JsonCodec.Substitutions() {
            @Override
            public Object binary(byte[] bytes) {
                return bytes;
            }

            @Override
            public Object other(Object value) {
                return new Object();
            }
        };
        assertThatThrownBy(() -> JsonCodec.encodeToString(List.of(new Object()), endless))
                .isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> JsonCodec.encodeToString(List.of(new byte[] {1}), endless))
                .isInstanceOf(CodecException.class);
    }

    private static final class PassThrough implements JsonCodec.Substitutions {

        @Override
        public Object binary(byte[] bytes) {
            return "bytes";
        }

        @Override
        public Object other(Object value) {
            return String.valueOf(value);
        }
    }
}
