package org.socketiooperator.protocol.codec;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
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
 */
public final class MsgpackCodec {

    private static final byte TIMESTAMP_EXT = -1;
    // JavaScript numbers hold integers exactly only up to 2^53; larger integral doubles still
    // travel as msgpack integers (as notepack does) while they fit in a long.
    private static final double LONG_RANGE = 0x1p63;

    private MsgpackCodec() {
    }

    public static byte[] encode(Object value) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            write(packer, value);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new CodecException("cannot encode value as MessagePack: " + e.getMessage(), e);
        }
    }

    public static Object decode(byte[] bytes) {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
            Object value = read(unpacker, bytes.length, 0);
            if (unpacker.hasNext()) {
                throw new CodecException("trailing bytes after the MessagePack value");
            }
            return value;
        } catch (IOException | MessagePackException | IllegalStateException e) {
            throw new CodecException("malformed MessagePack: " + e.getMessage(), e);
        }
    }

    private static void write(MessageBufferPacker packer, Object value) throws IOException {
        if (value == null) {
            packer.packNil();
        } else if (value instanceof String s) {
            packer.packString(s);
        } else if (value instanceof Boolean b) {
            packer.packBoolean(b);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
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
            write(packer, bytes);
        } else if (value instanceof Map<?, ?> map) {
            packer.packMapHeader(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                packer.packString(String.valueOf(entry.getKey()));
                write(packer, entry.getValue());
            }
        } else if (value instanceof Collection<?> list) {
            packer.packArrayHeader(list.size());
            for (Object item : list) {
                write(packer, item);
            }
        } else if (value instanceof Object[] array) {
            write(packer, Arrays.asList(array));
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

    private static Object read(MessageUnpacker unpacker, int size, int depth) throws IOException {
        if (depth > CodecLimits.MAX_DEPTH) {
            throw new CodecException("MessagePack value nested deeper than " + CodecLimits.MAX_DEPTH);
        }
        MessageFormat format = unpacker.getNextFormat();
        ValueType type = format.getValueType();
        switch (type) {
            case NIL:
                unpacker.unpackNil();
                return null;
            case BOOLEAN:
                return unpacker.unpackBoolean();
            case INTEGER:
                if (format == MessageFormat.UINT64) {
                    BigInteger big = unpacker.unpackBigInteger();
                    return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
                }
                return unpacker.unpackLong();
            case FLOAT:
                return unpacker.unpackDouble();
            case STRING:
                return unpacker.unpackString();
            case BINARY: {
                int length = unpacker.unpackBinaryHeader();
                CodecLimits.checkLength(length, unpacker, size);
                return unpacker.readPayload(length);
            }
            case ARRAY: {
                int count = unpacker.unpackArrayHeader();
                CodecLimits.checkLength(count, unpacker, size);
                List<Object> list = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    list.add(read(unpacker, size, depth + 1));
                }
                return list;
            }
            case MAP: {
                int count = unpacker.unpackMapHeader();
                CodecLimits.checkLength(count, unpacker, size);
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    Object key = read(unpacker, size, depth + 1);
                    map.put(String.valueOf(key), read(unpacker, size, depth + 1));
                }
                return map;
            }
            case EXTENSION:
                return readExtension(unpacker, size);
            default:
                throw new CodecException("unsupported MessagePack type " + type);
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
