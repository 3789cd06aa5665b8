package org.socketiooperator.server.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.socketiooperator.protocol.model.PacketType;
import org.socketiooperator.protocol.model.ReservedEvents;

/**
 * Decodes one connection's incoming messages. Stateful: a binary packet is complete only once all its
 * attachments arrived, and until then it is held: at most {@code maxAttachments} parts, and at most
 * {@code maxBytes} for the text and all parts together, or one packet could hold any amount of memory.
 * Any violation throws {@link ParseException}; the caller closes the connection.
 */
public final class PacketDecoder {

    private final int maxAttachments;
    private final long maxBytes;
    private PendingBinary pending;
    private long pendingBytes;

    public PacketDecoder(int maxAttachments, long maxBytes) {
        this.maxAttachments = maxAttachments;
        this.maxBytes = maxBytes;
    }

    /** Returns the packet, or null when it waits for attachments. */
    public Packet decodeText(String text) {
        if (pending != null) {
            throw new ParseException("got a text packet while waiting for binary attachments");
        }
        if (text.isEmpty()) {
            throw new ParseException("empty packet");
        }
        int i = 0;
        PacketType type = PacketType.fromCode(text.charAt(i++) - '0');
        if (type == null) {
            throw new ParseException("unknown packet type '" + text.charAt(0) + "'");
        }
        int attachments = 0;
        if (type == PacketType.BINARY_EVENT || type == PacketType.BINARY_ACK) {
            int dash = text.indexOf('-', i);
            if (dash < 0 || dash == i || dash - i > 4) {
                throw new ParseException("illegal attachments count");
            }
            attachments = parseDigits(text, i, dash);
            if (attachments > maxAttachments) {
                throw new ParseException(
                        ParseException.Kind.TOO_MANY_ATTACHMENTS,
                        "too many attachments: " + attachments + " > " + maxAttachments);
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
            pendingBytes = text.length();
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
        pendingBytes += bytes.length;
        if (pendingBytes > maxBytes) {
            pending = null;
            throw new ParseException(ParseException.Kind.TOO_LARGE, "binary packet larger than " + maxBytes + " bytes");
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
            case EVENT, BINARY_EVENT ->
                data instanceof List<?> list
                        && !list.isEmpty()
                        && (list.get(0) instanceof Number
                                || list.get(0) instanceof String s && !ReservedEvents.isReserved(s));
            case ACK, BINARY_ACK -> data instanceof List && id != null;
        };
        if (!ok) {
            throw new ParseException("invalid payload for " + type);
        }
    }

    /**
     * Puts each attachment where its placeholder stands. In place (the decoded containers are mutable)
     * and with a stack on the heap: a value may be nested up to the JSON limit, deeper than a thread's
     * stack would allow for recursion.
     */
    @SuppressWarnings("unchecked")
    private static Object restore(Object value, List<byte[]> buffers) {
        if (isPlaceholder(value)) {
            return attachment((Map<?, ?>) value, buffers);
        }
        java.util.ArrayDeque<Object> containers = new java.util.ArrayDeque<>();
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            containers.push(value);
        }
        while (!containers.isEmpty()) {
            Object container = containers.pop();
            if (container instanceof List<?> list) {
                java.util.ListIterator<Object> items = ((List<Object>) list).listIterator();
                while (items.hasNext()) {
                    Object item = items.next();
                    if (isPlaceholder(item)) {
                        items.set(attachment((Map<?, ?>) item, buffers));
                    } else if (item instanceof List<?> || item instanceof Map<?, ?>) {
                        containers.push(item);
                    }
                }
            } else {
                for (Map.Entry<String, Object> entry : ((Map<String, Object>) container).entrySet()) {
                    Object item = entry.getValue();
                    if (isPlaceholder(item)) {
                        entry.setValue(attachment((Map<?, ?>) item, buffers));
                    } else if (item instanceof List<?> || item instanceof Map<?, ?>) {
                        containers.push(item);
                    }
                }
            }
        }
        return value;
    }

    private static boolean isPlaceholder(Object value) {
        return value instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("_placeholder")) && map.size() == 2;
    }

    private static byte[] attachment(Map<?, ?> placeholder, List<byte[]> buffers) {
        if (placeholder.get("num") instanceof Long num && num >= 0 && num < buffers.size()) {
            return buffers.get(num.intValue());
        }
        throw new ParseException("illegal attachment placeholder");
    }

    private record PendingBinary(Packet packet, int expected, List<byte[]> buffers) {}
}
