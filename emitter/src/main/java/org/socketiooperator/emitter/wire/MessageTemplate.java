package org.socketiooperator.emitter.wire;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.socketiooperator.protocol.codec.PayloadFormat;

/**
 * A message whose bytes are fixed except for one list (a broadcast's {@code [event, args...]}): the bytes
 * before that list, the bytes after it, and how deep it sits in the message. Both formats write a value's
 * bytes whatever surrounds it (MessagePack containers announce their item count, not their byte length;
 * JSON is text), so {@code before + encode(data) + after} is the whole message encoded at once.
 */
record MessageTemplate(byte[] before, byte[] after, int depth) {

    /** The data that marks where the list goes in a message encoded to cut a template from. */
    static final List<Object> MARK = List.of("\u0000socket.io-operator emitter data\u0000");

    /**
     * Cuts the template out of {@code encodeWith(MARK)} and checks it against {@code encodeWith} of other
     * data; null when the mark is not found exactly once or the check fails (then the caller encodes whole
     * messages). {@code depth} counts the containers down to the list, the list included.
     */
    static MessageTemplate cut(Function<List<Object>, byte[]> encodeWith, PayloadFormat format, int depth) {
        byte[] whole = encodeWith.apply(MARK);
        byte[] mark = format.encode(MARK);
        int at = indexOf(whole, mark, 0);
        if (at < 0 || indexOf(whole, mark, at + 1) >= 0) {
            return null;
        }
        MessageTemplate template = new MessageTemplate(
                Arrays.copyOfRange(whole, 0, at), Arrays.copyOfRange(whole, at + mark.length, whole.length), depth);
        List<Object> check = List.of("check", 1L, List.of());
        return Arrays.equals(template.fill(format, check), encodeWith.apply(check)) ? template : null;
    }

    /**
     * The message holding {@code data}. Encoded inside {@code depth - 1} one-item lists, the data sits as
     * deep as in the whole message, so the codec's nesting limit refuses exactly what the whole message
     * would; the wrappers' bytes ({@code [} and {@code ]} in JSON, a one-byte fixarray header each in
     * MessagePack) are left out.
     */
    byte[] fill(PayloadFormat format, List<Object> data) {
        byte[] encoded = format.encode(nest(data, depth - 1));
        int wrappers = depth - 1;
        int length = encoded.length - (format == PayloadFormat.JSON ? 2 * wrappers : wrappers);
        byte[] message = new byte[before.length + length + after.length];
        System.arraycopy(before, 0, message, 0, before.length);
        System.arraycopy(encoded, wrappers, message, before.length, length);
        System.arraycopy(after, 0, message, before.length + length, after.length);
        return message;
    }

    /** {@code value} inside {@code levels} one-item lists. */
    static Object nest(Object value, int levels) {
        Object nested = value;
        for (int i = 0; i < levels; i++) {
            nested = List.of(nested);
        }
        return nested;
    }

    private static int indexOf(byte[] bytes, byte[] part, int from) {
        for (int i = from; i <= bytes.length - part.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }
}
