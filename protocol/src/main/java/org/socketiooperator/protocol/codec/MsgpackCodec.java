package org.socketiooperator.protocol.codec;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * MessagePack in the dialect of notepack.io 3.0.1, the encoder every official Node.js adapter and
 * emitter uses: smallest integer form, float64 for every non-integer, str (never bin) for text.
 * Encoding a value decoded from Node's bytes gives Node's bytes back.
 *
 * <p>Values are plain Java: {@code null}, {@link Boolean}, {@link Long}, {@link Double},
 * {@link String}, {@code byte[]}, {@link List}, {@link Map} with string keys and {@link Instant}.
 * Nesting is bounded by {@link CodecLimits#MAX_MSGPACK_DEPTH} both ways; neither direction recurses on
 * the thread's stack.
 */
public final class MsgpackCodec {

    private static final byte TIMESTAMP_EXT = -1;
    // JavaScript numbers hold integers exactly only up to 2^53; larger integral doubles still
    // travel as msgpack integers (as notepack does) while they fit in a long.
    private static final double LONG_RANGE = 0x1p63;

    /**
     * The default unpacker allocates an 8 K-char string buffer for every message, a visible cost when
     * every broadcast is decoded once per node; adapter strings are short, and longer ones are decoded
     * in pieces all the same.
     */
    private static final MessagePack.UnpackerConfig UNPACKER =
            new MessagePack.UnpackerConfig().withStringDecoderBufferSize(256);
    /** Likewise the default packer starts each message with an 8 KiB buffer; adapter messages are small and it grows. */
    private static final MessagePack.PackerConfig PACKER = new MessagePack.PackerConfig().withBufferSize(512);

    private MsgpackCodec() {}

    public static byte[] encode(Object value) {
        byte[] common = MsgpackWriter.encode(value);
        return common != null ? common : encodeWithMsgpackCore(value);
    }

    /** msgpack-core's packer: every value {@link MsgpackWriter} leaves (timestamps, long strings, big integers). */
    static byte[] encodeWithMsgpackCore(Object value) {
        try (MessageBufferPacker packer = PACKER.newBufferPacker()) {
            write(packer, value);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new CodecException("cannot encode value as MessagePack: " + e.getMessage(), e);
        }
    }

    public static Object decode(byte[] bytes) {
        try (MessageUnpacker unpacker = UNPACKER.newUnpacker(bytes)) {
            Object value = read(unpacker, bytes.length);
            if (unpacker.hasNext()) {
                throw new CodecException("trailing bytes after the MessagePack value");
            }
            return value;
        } catch (IOException | MessagePackException | IllegalStateException e) {
            throw new CodecException("malformed MessagePack: " + e.getMessage(), e);
        }
    }

    /** An open array or map of the writer: its remaining items (entries for a map). */
    private record Frame(Iterator<?> items, boolean map) {}

    /**
     * Writes with a heap stack of open containers (no recursion, so no StackOverflowError whatever the
     * depth), refusing values nested deeper than {@link CodecLimits#MAX_MSGPACK_DEPTH}; a cyclic value
     * ends there too.
     */
    private static void write(MessageBufferPacker packer, Object root) throws IOException {
        ArrayDeque<Frame> stack = new ArrayDeque<>();
        Object value = root;
        while (true) {
            if (value instanceof Object[] array) {
                value = Arrays.asList(array);
            }
            if (value instanceof Map<?, ?> map) {
                checkDepth(stack.size() + 1);
                packer.packMapHeader(map.size());
                stack.push(new Frame(map.entrySet().iterator(), true));
            } else if (value instanceof Collection<?> list) {
                checkDepth(stack.size() + 1);
                packer.packArrayHeader(list.size());
                stack.push(new Frame(list.iterator(), false));
            } else {
                writeScalar(packer, value);
            }
            // Leave finished containers until one has a next item, or the root is done.
            while (true) {
                Frame top = stack.peek();
                if (top == null) {
                    return;
                }
                if (top.items().hasNext()) {
                    Object next = top.items().next();
                    if (top.map()) {
                        Map.Entry<?, ?> entry = (Map.Entry<?, ?>) next;
                        packer.packString(String.valueOf(entry.getKey()));
                        value = entry.getValue();
                    } else {
                        value = next;
                    }
                    break;
                }
                stack.pop();
            }
        }
    }

    private static void checkDepth(int depth) {
        if (depth > CodecLimits.MAX_MSGPACK_DEPTH) {
            throw CodecLimits.tooDeep("MessagePack value", CodecLimits.MAX_MSGPACK_DEPTH);
        }
    }

    private static void writeScalar(MessageBufferPacker packer, Object value) throws IOException {
        if (value == null) {
            packer.packNil();
        } else if (value instanceof String s) {
            packer.packString(s);
        } else if (value instanceof Boolean b) {
            packer.packBoolean(b);
        } else if (value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Byte) {
            packer.packLong(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            writeDouble(packer, ((Number) value).doubleValue());
        } else if (value instanceof BigInteger big) {
            if (big.bitLength() < 64) {
                packer.packLong(big.longValue());
            } else {
                packer.packBigInteger(big);
            }
        } else if (value instanceof Number n) {
            writeDouble(packer, n.doubleValue());
        } else if (value instanceof byte[] bytes) {
            packer.packBinaryHeader(bytes.length);
            packer.writePayload(bytes);
        } else if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            packer.packBinaryHeader(bytes.length);
            packer.writePayload(bytes);
        } else if (value instanceof Instant instant) {
            packer.packTimestamp(instant);
        } else if (value instanceof Date date) {
            packer.packTimestamp(date.toInstant());
        } else if (value instanceof Enum<?> e) {
            packer.packString(e.name());
        } else {
            throw new CodecException("cannot encode a " + value.getClass().getName() + " as MessagePack");
        }
    }

    private static void writeDouble(MessageBufferPacker packer, double d) throws IOException {
        if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < LONG_RANGE) {
            packer.packLong((long) d);
        } else {
            packer.packDouble(d);
        }
    }

    /** An array or map being filled by the reader. */
    private static final class Open {
        final List<Object> list;
        final Map<String, Object> map;
        int remaining;
        String key;
        boolean keyRead;

        Open(List<Object> list, Map<String, Object> map, int remaining) {
            this.list = list;
            this.map = map;
            this.remaining = remaining;
        }

        Object value() {
            return list != null ? list : map;
        }

        /** Takes the next item (a map takes a key, then its value); true once the container is full. */
        boolean accept(Object item) {
            if (list != null) {
                list.add(item);
            } else if (!keyRead) {
                key = String.valueOf(item);
                keyRead = true;
                return false;
            } else {
                map.put(key, item);
                keyRead = false;
            }
            return --remaining == 0;
        }
    }

    /**
     * Builds the value with a heap stack of open containers rather than recursion, so no depth of
     * input can overflow the calling thread's stack.
     */
    private static Object read(MessageUnpacker unpacker, int size) throws IOException {
        List<Open> open = new ArrayList<>();
        while (true) {
            MessageFormat format = unpacker.getNextFormat();
            ValueType type = format.getValueType();
            Object value;
            switch (type) {
                case NIL:
                    unpacker.unpackNil();
                    value = null;
                    break;
                case BOOLEAN:
                    value = unpacker.unpackBoolean();
                    break;
                case INTEGER:
                    if (format == MessageFormat.UINT64) {
                        BigInteger big = unpacker.unpackBigInteger();
                        value = big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
                    } else {
                        value = unpacker.unpackLong();
                    }
                    break;
                case FLOAT:
                    value = unpacker.unpackDouble();
                    break;
                case STRING:
                    value = unpacker.unpackString();
                    break;
                case BINARY: {
                    int length = unpacker.unpackBinaryHeader();
                    CodecLimits.checkLength(length, unpacker, size);
                    value = unpacker.readPayload(length);
                    break;
                }
                case ARRAY: {
                    checkDepth(open.size() + 1);
                    int count = unpacker.unpackArrayHeader();
                    CodecLimits.checkLength(count, unpacker, size);
                    List<Object> list = new ArrayList<>(count);
                    if (count > 0) {
                        open.add(new Open(list, null, count));
                        continue;
                    }
                    value = list;
                    break;
                }
                case MAP: {
                    checkDepth(open.size() + 1);
                    int count = unpacker.unpackMapHeader();
                    CodecLimits.checkLength(count, unpacker, size);
                    Map<String, Object> map = new LinkedHashMap<>();
                    if (count > 0) {
                        open.add(new Open(null, map, count));
                        continue;
                    }
                    value = map;
                    break;
                }
                case EXTENSION:
                    value = readExtension(unpacker, size);
                    break;
                default:
                    throw new CodecException("unsupported MessagePack type " + type);
            }
            // Hand the value to its container; a container that is now full is itself a value.
            while (true) {
                if (open.isEmpty()) {
                    return value;
                }
                Open top = open.get(open.size() - 1);
                if (!top.accept(value)) {
                    break;
                }
                value = top.value();
                open.remove(open.size() - 1);
            }
        }
    }

    private static Object readExtension(MessageUnpacker unpacker, int size) throws IOException {
        var header = unpacker.unpackExtensionTypeHeader();
        CodecLimits.checkLength(header.getLength(), unpacker, size);
        byte[] payload = unpacker.readPayload(header.getLength());
        if (header.getType() == TIMESTAMP_EXT) {
            return decodeTimestamp(payload);
        }
        if (header.getType() == 0) {
            // notepack's own legacy extensions: undefined, ArrayBuffer, Date in milliseconds.
            return switch (payload.length) {
                case 1 -> null;
                case 8 -> Instant.ofEpochMilli((long) ByteBuffer.wrap(payload).getDouble());
                default -> payload;
            };
        }
        return List.of((long) header.getType(), payload);
    }

    private static Instant decodeTimestamp(byte[] payload) {
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        return switch (payload.length) {
            case 4 -> Instant.ofEpochSecond(Integer.toUnsignedLong(buffer.getInt()));
            case 8 -> {
                long word = buffer.getLong();
                yield Instant.ofEpochSecond(word & 0x3_FFFF_FFFFL, word >>> 34);
            }
            case 12 -> {
                int nanos = buffer.getInt();
                yield Instant.ofEpochSecond(buffer.getLong(), Integer.toUnsignedLong(nanos));
            }
            default -> throw new CodecException("timestamp extension of " + payload.length + " bytes");
        };
    }
}
