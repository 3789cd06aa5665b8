package org.socketiooperator.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

    @Test
    void writesWhatJsonStringifyWrites() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "a\"b\\c\n\u0001é");
        value.put("n", List.of(1L, 2.0, 4.5, -0.0, 1e21, 1e-7, 1.5e-8, Double.NaN));
        value.put("b", new byte[] {1, (byte) 255});
        value.put("z", null);

        assertThat(JsonCodec.encodeToString(value)).isEqualTo(
                "{\"s\":\"a\\\"b\\\\c\\n\\u0001é\",\"n\":[1,2,4.5,0,1e+21,1e-7,1.5e-8,null],"
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
}
