package org.socketiooperator.protocol.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.socketiooperator.protocol.codec.CodecException;

/**
 * One entry of the adapter's Redis stream as the official {@code @socket.io/redis-streams-adapter} adds it:
 * the fields {@code uid}, {@code nsp}, {@code type} (the message type as decimal text) and, when the message
 * has any, {@code data} (JSON text, or base64 MessagePack when it holds binary). {@code data} is null when absent.
 */
public record StreamEntry(String uid, String nsp, String type, String data) {

    /** Longest field value accepted from Redis; the stream is shared, so an entry may be hostile. */
    public static final int MAX_FIELD_LENGTH = 64 * 1024 * 1024;

    /** The XADD field-value pairs, in the official order. */
    public List<String> fields() {
        List<String> fields = new ArrayList<>(8);
        fields.add("uid");
        fields.add(uid);
        fields.add("nsp");
        fields.add(nsp);
        fields.add("type");
        fields.add(type);
        if (data != null) {
            fields.add("data");
            fields.add(data);
        }
        return fields;
    }

    /**
     * An entry read back from Redis. Entries without {@code nsp} are skipped by the official reader, so they
     * are refused here too; any other missing or oversized field is a {@link CodecException}.
     */
    public static StreamEntry of(Map<String, String> fields) {
        String nsp = field(fields, "nsp", true);
        return new StreamEntry(
                field(fields, "uid", true), nsp, field(fields, "type", true), field(fields, "data", false));
    }

    private static String field(Map<String, String> fields, String name, boolean required) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            if (required) {
                throw new CodecException("stream entry without " + name);
            }
            return null;
        }
        if (value.length() > MAX_FIELD_LENGTH) {
            throw new CodecException("stream entry field " + name + " too long");
        }
        return value;
    }
}
