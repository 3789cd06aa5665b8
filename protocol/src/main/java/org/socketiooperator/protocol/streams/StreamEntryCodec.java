package org.socketiooperator.protocol.streams;

import java.util.Base64;
import java.util.Map;
import org.socketiooperator.protocol.codec.BinaryValues;
import org.socketiooperator.protocol.codec.CodecException;
import org.socketiooperator.protocol.codec.JsonCodec;
import org.socketiooperator.protocol.codec.MsgpackCodec;
import org.socketiooperator.protocol.sharded.ClusterMessage;
import org.socketiooperator.protocol.sharded.ClusterMessageCodec;

/**
 * {@link ClusterMessage}s as stream entries of {@code @socket.io/redis-streams-adapter} 0.3: {@code data} is
 * {@code JSON.stringify(data)}, except base64 MessagePack for a type that may carry user values (3, 8, 9, 10,
 * 12) holding binary. A reader tells them apart as the official one does: JSON starts with '{'.
 */
public final class StreamEntryCodec {

    private StreamEntryCodec() {}

    public static StreamEntry encode(ClusterMessage message) {
        return encode(message, false);
    }

    /**
     * With {@code onlyPlaintext} (the official option of that name) {@code data} is always JSON: binary then
     * travels as Node's {@code {"type":"Buffer","data":[...]}} and arrives as that object.
     */
    public static StreamEntry encode(ClusterMessage message, boolean onlyPlaintext) {
        Map<String, Object> data = ClusterMessageCodec.data(message);
        String text = null;
        if (data != null) {
            boolean binary = !onlyPlaintext
                    && ClusterMessageCodec.mayCarryBinary(message.type())
                    && BinaryValues.containsBinary(data);
            text = binary
                    ? Base64.getEncoder().encodeToString(MsgpackCodec.encode(data))
                    : JsonCodec.encodeToString(data);
        }
        return new StreamEntry(message.uid(), message.nsp(), Integer.toString(message.type()), text);
    }

    /** A {@link CodecException} for anything that is not a well-formed entry. */
    public static ClusterMessage decode(StreamEntry entry) {
        int type;
        try {
            type = Integer.parseInt(entry.type());
        } catch (NumberFormatException e) {
            throw new CodecException("stream entry type is not a number: " + abbreviate(entry.type()));
        }
        Object data = null;
        if (entry.data() != null) {
            if (entry.data().startsWith("{")) {
                data = JsonCodec.decode(entry.data());
            } else {
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(entry.data());
                } catch (IllegalArgumentException e) {
                    throw new CodecException("stream entry data is neither JSON nor base64");
                }
                data = MsgpackCodec.decode(bytes);
            }
        }
        return ClusterMessageCodec.fromParts(type, entry.uid(), entry.nsp(), data);
    }

    private static String abbreviate(String value) {
        return value.length() <= 20 ? value : value.substring(0, 20) + "...";
    }
}
