package org.socketiooperator.server.parser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes one connection's incoming messages. Stateful: a binary packet is complete only once all its
 * attachments arrived. Any violation throws {@link ParseException}; the caller closes the connection.
 */
public final class PacketDecoder {

    private static final int MAX_ATTACHMENTS = 1000;
    private static final List<String> RESERVED_EVENTS =
            List.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private PendingBinary pending;

    /** Returns the packet, or null when it waits for attachments. */
    public Packet decodeText(String text) {
        if (pending != null) {
            throw new ParseException("got a text packet while waiting for binary attachments");
        }
        if (text.isEmpty()) {
            throw new ParseException("empty packet");
        }
        int i = 0;
        PacketType type = PacketType.fromDigit(text.charAt(i++));
        int attachments = 0;
        if (type == PacketType.BINARY_EVENT || type == PacketType.BINARY_ACK) {
            int dash = text.indexOf('-', i);
            if (dash < 0 || dash == i || dash - i > 4) {
                throw new ParseException("illegal attachments count");
            }
            attachments = parseDigits(text, i, dash);
            if (attachments > MAX_ATTACHMENTS) {
                throw new ParseException("too many attachments");
            }
            i = dash + 1;
        }
        String nsp = "/";
        if (i < text.length() && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            int end = comma < 0 ? text.length() : comma;
            nsp = text.substring(i, end);
            i = comma < 0 ? end : comma + 1;
        }
        Long id = null;
        int idStart = i;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i > idStart) {
            if (i - idStart > 15) {
                throw new ParseException("illegal ack id");
            }
            id = Long.parseLong(text.substring(idStart, i));
        }
        Object data = i < text.length() ? JsonValues.parse(text.substring(i)) : null;
        validate(type, data, id);
        if (attachments > 0) {
            pending = new PendingBinary(new Packet(type, nsp, id, data), attachments, new ArrayList<>(attachments));
            return null;
        }
        if (type == PacketType.BINARY_EVENT || type == PacketType.BINARY_ACK) {
            return new Packet(type, nsp, id, restore(data, List.of()));
        }
        return new Packet(type, nsp, id, data);
    }

    /** Returns the packet once its last attachment arrived, null before. */
    public Packet decodeBinary(byte[] bytes) {
        if (pending == null) {
            throw new ParseException("got binary data when not reconstructing a packet");
        }
        pending.buffers.add(bytes);
        if (pending.buffers.size() < pending.expected) {
            return null;
        }
        PendingBinary done = pending;
        pending = null;
        Packet p = done.packet;
        return new Packet(p.type(), p.nsp(), p.id(), restore(p.data(), done.buffers));
    }

    private static int parseDigits(String text, int from, int to) {
        int n = 0;
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (c < '0' || c > '9') {
                throw new ParseException("illegal attachments count");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static void validate(PacketType type, Object data, Long id) {
        boolean ok = switch (type) {
            case CONNECT -> data == null || data instanceof Map;
            case DISCONNECT -> data == null;
            case CONNECT_ERROR -> data instanceof String || data instanceof Map;
            case EVENT, BINARY_EVENT -> data instanceof List<?> list && !list.isEmpty()
                    && (list.get(0) instanceof Number
                        || list.get(0) instanceof String s && !RESERVED_EVENTS.contains(s));
            case ACK, BINARY_ACK -> data instanceof List && id != null;
        };
        if (!ok) {
            throw new ParseException("invalid payload for " + type);
        }
    }

    private static Object restore(Object value, List<byte[]> buffers) {
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(restore(item, buffers));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            if (Boolean.TRUE.equals(map.get("_placeholder")) && map.size() == 2) {
                if (map.get("num") instanceof Long num && num >= 0 && num < buffers.size()) {
                    return buffers.get(num.intValue());
                }
                throw new ParseException("illegal attachment placeholder");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, restore(v, buffers)));
            return out;
        }
        return value;
    }

    private record PendingBinary(Packet packet, int expected, List<byte[]> buffers) {
    }
}
