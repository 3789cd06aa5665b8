package org.socketiooperator.nettysocketio;

import com.corundumstudio.socketio.protocol.JsonSupport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socketiooperator.protocol.codec.CodecException;
import org.socketiooperator.protocol.codec.JsonCodec;

/**
 * Turns the application's event arguments (any object netty-socketio can send: POJOs, maps, lists,
 * {@code byte[]}) into the plain values the cluster codecs carry. The arguments are written with the
 * application's own {@link JsonSupport}, so other nodes' clients get the same JSON as the application's
 * clients (custom Jackson modules included); the text is read back with the project's {@link JsonCodec},
 * and the binary parts netty-socketio set aside ({@code {"_placeholder":true,"num":i}}) are put back as
 * {@code byte[]}.
 */
final class Values {

    private final JsonSupport json;

    Values(JsonSupport json) {
        this.json = json;
    }

    /** Must run on the thread that owns the arguments (the caller of {@code sendEvent}): they are read at once. */
    List<Object> plain(List<?> values) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            List<byte[]> arrays;
            try (ByteBufOutputStream out = new ByteBufOutputStream(buffer)) {
                json.writeValue(out, values);
                // netty-socketio's Jackson support keeps the byte[] it met, per thread, until the next write
                List<byte[]> found = json.getArrays();
                arrays = found == null ? List.of() : List.copyOf(found);
            }
            Object tree = JsonCodec.decode(ByteBufUtil.getBytes(buffer));
            if (!(tree instanceof List<?> list)) {
                throw new CodecException("the arguments did not serialise to a JSON array");
            }
            Object restored = arrays.isEmpty() ? list : restore(list, arrays);
            @SuppressWarnings("unchecked")
            List<Object> result = (List<Object>) restored;
            return result;
        } catch (IOException e) {
            throw new CodecException("cannot serialise the arguments: " + e.getMessage(), e);
        } finally {
            buffer.release();
        }
    }

    /** One value, or null when it cannot be serialised (used for optional fields such as socket data). */
    Object plainOrNull(Object value) {
        if (value == null) {
            return null;
        }
        List<Object> one = new ArrayList<>(1);
        one.add(value);
        return plain(one).get(0);
    }

    /** Recursive: JsonCodec.decode already refused anything nested deeper than CodecLimits.MAX_JSON_DEPTH. */
    private static Object restore(Object value, List<byte[]> arrays) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 2
                    && Boolean.TRUE.equals(map.get("_placeholder"))
                    && map.get("num") instanceof Number num
                    && num.intValue() >= 0
                    && num.intValue() < arrays.size()) {
                return arrays.get(num.intValue());
            }
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, restore(v, arrays)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(restore(item, arrays));
            }
            return copy;
        }
        return value;
    }
}
