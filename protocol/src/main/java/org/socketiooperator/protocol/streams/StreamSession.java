package org.socketiooperator.protocol.streams;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socketiooperator.protocol.codec.CodecException;
import org.socketiooperator.protocol.codec.MsgpackCodec;
import org.socketiooperator.protocol.wire.WireFields;

/**
 * A disconnected socket's session as the official streams adapter keeps it: base64 MessagePack of
 * {@code {sid, pid, rooms, data}} under {@code <sessionKeyPrefix><pid>} ({@code SET … PX
 * maxDisconnectionDuration}, read back once with {@code GET}+{@code DEL} in a transaction).
 */
public record StreamSession(String sid, String pid, List<String> rooms, Object data) {

    public static final String DEFAULT_KEY_PREFIX = "sio:session:";
    /** Longest stored session read back; larger values are refused (the key space is shared). */
    public static final int MAX_ENCODED_LENGTH = 16 * 1024 * 1024;

    public StreamSession {
        rooms = List.copyOf(rooms);
    }

    public static String key(String prefix, String pid) {
        return prefix + pid;
    }

    public String encode() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("sid", sid);
        map.put("pid", pid);
        map.put("rooms", rooms);
        map.put("data", data);
        return Base64.getEncoder().encodeToString(MsgpackCodec.encode(map));
    }

    /** A {@link CodecException} for anything that is not a stored session. */
    public static StreamSession decode(String stored) {
        if (stored == null || stored.length() > MAX_ENCODED_LENGTH) {
            throw new CodecException("no session, or a session too large");
        }
        Object value;
        try {
            value = MsgpackCodec.decode(Base64.getDecoder().decode(stored));
        } catch (IllegalArgumentException e) {
            throw new CodecException("a stored session is base64 MessagePack");
        }
        try {
            Map<?, ?> map = WireFields.map(value, "session");
            List<String> rooms = new ArrayList<>();
            for (Object room : (List<?>) map.get("rooms")) {
                rooms.add(WireFields.string(room, "room"));
            }
            return new StreamSession(
                    WireFields.string(map.get("sid"), "sid"),
                    WireFields.string(map.get("pid"), "pid"),
                    rooms,
                    map.get("data"));
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new CodecException("malformed session: " + e.getMessage(), e);
        }
    }
}
