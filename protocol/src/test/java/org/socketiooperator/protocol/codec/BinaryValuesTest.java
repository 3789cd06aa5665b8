package org.socketiooperator.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketiooperator.protocol.Deep;

class BinaryValuesTest {

    @Test
    void findsBinaryAnywhere() {
        assertThat(BinaryValues.containsBinary(List.of("a", new Object[] {1L, List.of(new byte[0])})))
                .isTrue();
        assertThat(BinaryValues.containsBinary(Deep.maps(3, ByteBuffer.allocate(1))))
                .isTrue();
        assertThat(BinaryValues.containsBinary(List.of("a", List.of(), new Object[] {1L})))
                .isFalse();
        assertThat(BinaryValues.containsBinary(null)).isFalse();
    }

    @Test
    void walksDeepValuesOnASmallStack() throws Throwable {
        Deep.onSmallStack(() -> {
            assertThat(BinaryValues.containsBinary(Deep.lists(1000, new byte[] {1})))
                    .isTrue();
            assertThat(BinaryValues.containsBinary(Deep.maps(CodecLimits.MAX_JSON_DEPTH, "x")))
                    .isFalse();
            assertThatThrownBy(() -> BinaryValues.containsBinary(Deep.lists(100_000, "x")))
                    .isInstanceOf(CodecException.class);
            List<Object> cycle = new ArrayList<>();
            cycle.add(cycle);
            assertThatThrownBy(() -> BinaryValues.containsBinary(cycle)).isInstanceOf(CodecException.class);
        });
    }
}
