package org.socketiooperator.nettysocketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketiooperator.protocol.codec.CodecException;
import org.socketiooperator.protocol.codec.MsgpackCodec;

@SuppressWarnings("unchecked")
class ValuesTest {

    private final Values values = new Values(new JacksonJsonSupport());

    public record Message(String text, int count, byte[] blob) {}

    @Test
    void plainValuesStayPlain() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("s", "é");
        map.put("n", 1);
        map.put("d", 1.5);
        map.put("b", true);
        map.put("z", null);
        map.put("l", List.of(1, "two"));
        // numbers as the JSON reader gives them; null fields left out, as netty-socketio's own JSON does
        Map<String, Object> expected = new LinkedHashMap<>(map);
        expected.put("n", 1L);
        expected.put("l", List.of(1L, "two"));
        expected.remove("z");
        assertThat(values.plain(Arrays.asList("x", map, null, 3L))).containsExactly("x", expected, null, 3L);
    }

    @Test
    void objectsBecomeTheJsonNettySocketIoWouldSend() {
        List<Object> plain = values.plain(List.of(new Message("hi", 2, null)));
        assertThat(plain).hasSize(1);
        assertThat((Map<Object, Object>) plain.get(0)).containsOnly(Map.entry("text", "hi"), Map.entry("count", 2L));
    }

    @Test
    void binaryAnywhereComesBackAsBytes() {
        List<Object> plain = values.plain(List.of(
                new byte[] {1, 2}, Map.of("inner", List.of(new byte[] {3})), new Message("m", 1, new byte[] {4, 5})));
        assertThat((byte[]) plain.get(0)).containsExactly(1, 2);
        assertThat((byte[]) ((List<?>) ((Map<?, ?>) plain.get(1)).get("inner")).get(0))
                .containsExactly(3);
        assertThat((byte[]) ((Map<?, ?>) plain.get(2)).get("blob")).containsExactly(4, 5);
        // and the cluster codec takes the result as it is
        assertThat(MsgpackCodec.decode(MsgpackCodec.encode(plain))).isInstanceOf(List.class);
    }

    @Test
    void everyCallStartsWithNoLeftoverBinary() {
        values.plain(List.of(new byte[] {9}));
        assertThat(values.plain(List.of(Map.of("_placeholder", true, "num", 0))))
                .containsExactly(Map.of("_placeholder", true, "num", 0L));
    }

    @Test
    void whatJacksonCannotWriteIsACodecException() {
        Object unwritable = new Object() {
            @SuppressWarnings("unused")
            public Object getSelf() {
                return this;
            }
        };
        assertThatThrownBy(() -> values.plain(List.of(unwritable))).isInstanceOf(CodecException.class);
        assertThat(values.plainOrNull(null)).isNull();
    }
}
