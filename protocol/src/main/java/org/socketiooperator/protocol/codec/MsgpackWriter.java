package org.socketiooperator.protocol.codec;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * The common case of {@link MsgpackCodec#encode}, written straight into a byte array: null, booleans,
 * integers, doubles, strings under {@link #LONG_STRING} chars, byte arrays, lists, arrays and maps, in the
 * same bytes as msgpack-core writes them (smallest integer form, str8 for 32-255 bytes of text, bin for
 * bytes). For any other value (timestamps, integers beyond 64 bits, long strings, unknown types) {@link
 * #encode} answers null and the caller uses msgpack-core, whose bytes are then the reference.
 *
 * <p>msgpack-core's packer costs a buffer object, a 512-byte start buffer and a copy per message plus a
 * bounds check per byte; an adapter or emitter message is ~100 bytes, encoded once per broadcast.
 */
final class MsgpackWriter {

    /** Strings from this length on go through msgpack-core (its encoder for long strings differs). */
    static final int LONG_STRING = 512;

    private static final int KEEP_AT_MOST = 64 * 1024;
    private static final ThreadLocal<MsgpackWriter> SCRATCH = ThreadLocal.withInitial(MsgpackWriter::new);

    private byte[] buf = new byte[256];
    private int pos;
    private boolean busy;

    private MsgpackWriter() {}

    /** The value's MessagePack bytes, or null when msgpack-core has to write it. */
    static byte[] encode(Object value) {
        MsgpackWriter out = SCRATCH.get();
        if (out.busy) { // encode called from inside encode (a key's toString, say): a writer of its own
            out = new MsgpackWriter();
        }
        out.busy = true;
        out.pos = 0;
        try {
            if (!out.write(value)) {
                return null;
            }
            return Arrays.copyOf(out.buf, out.pos);
        } finally {
            out.busy = false;
            if (out.buf.length > KEEP_AT_MOST) {
                out.buf = new byte[256];
            }
        }
    }

    /** An open array or map: its remaining items (entries for a map). */
    private record Frame(Iterator<?> items, boolean map) {}

    /** Same walk as {@link MsgpackCodec}'s writer: no recursion, nesting bounded; false at a value it leaves. */
    private boolean write(Object root) {
        ArrayDeque<Frame> stack = null;
        Object value = root;
        while (true) {
            if (value instanceof Object[] array) {
                value = Arrays.asList(array);
            }
            if (value instanceof Map<?, ?> map) {
                stack = stack == null ? new ArrayDeque<>() : stack;
                checkDepth(stack.size() + 1);
                header(map.size(), 0x80, 0xde, 0xdf);
                stack.push(new Frame(map.entrySet().iterator(), true));
            } else if (value instanceof Collection<?> list) {
                stack = stack == null ? new ArrayDeque<>() : stack;
                checkDepth(stack.size() + 1);
                header(list.size(), 0x90, 0xdc, 0xdd);
                stack.push(new Frame(list.iterator(), false));
            } else if (!scalar(value)) {
                return false;
            }
            while (true) {
                Frame top = stack == null ? null : stack.peek();
                if (top == null) {
                    return true;
                }
                if (top.items().hasNext()) {
                    Object next = top.items().next();
                    if (top.map()) {
                        Map.Entry<?, ?> entry = (Map.Entry<?, ?>) next;
                        if (!string(String.valueOf(entry.getKey()))) {
                            return false;
                        }
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

    private boolean scalar(Object value) {
        if (value == null) {
            put(0xc0);
        } else if (value instanceof String s) {
            return string(s);
        } else if (value instanceof Boolean b) {
            put(b ? 0xc3 : 0xc2);
        } else if (value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Byte) {
            integer(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            number(((Number) value).doubleValue());
        } else if (value instanceof BigInteger big) {
            if (big.bitLength() >= 64) {
                return false;
            }
            integer(big.longValue());
        } else if (value instanceof byte[] bytes) {
            binary(bytes, 0, bytes.length);
        } else if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            binary(bytes, 0, bytes.length);
        } else if (value instanceof Enum<?> e) {
            return string(e.name());
        } else if (value instanceof Number n) {
            number(n.doubleValue());
        } else {
            return false; // timestamps, and what msgpack-core's path refuses with its own message
        }
        return true;
    }

    /** As {@link MsgpackCodec}: integral doubles in long range as integers, the others as float64. */
    private void number(double d) {
        if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 0x1p63) {
            integer((long) d);
        } else {
            ensure(9);
            buf[pos++] = (byte) 0xcb;
            long bits = Double.doubleToRawLongBits(d);
            writeLong(bits);
        }
    }

    private void integer(long v) {
        ensure(9);
        if (v < -(1L << 5)) {
            if (v < -(1L << 15)) {
                if (v < -(1L << 31)) {
                    buf[pos++] = (byte) 0xd3;
                    writeLong(v);
                } else {
                    buf[pos++] = (byte) 0xd2;
                    writeInt((int) v);
                }
            } else if (v < -(1 << 7)) {
                buf[pos++] = (byte) 0xd1;
                writeShort((int) v);
            } else {
                buf[pos++] = (byte) 0xd0;
                buf[pos++] = (byte) v;
            }
        } else if (v < (1 << 7)) {
            buf[pos++] = (byte) v;
        } else if (v < (1L << 16)) {
            if (v < (1 << 8)) {
                buf[pos++] = (byte) 0xcc;
                buf[pos++] = (byte) v;
            } else {
                buf[pos++] = (byte) 0xcd;
                writeShort((int) v);
            }
        } else if (v < (1L << 32)) {
            buf[pos++] = (byte) 0xce;
            writeInt((int) v);
        } else {
            buf[pos++] = (byte) 0xcf;
            writeLong(v);
        }
    }

    /** str, ASCII copied char by char, other text through UTF-8 bytes; false for long strings. */
    private boolean string(String s) {
        int length = s.length();
        if (length >= LONG_STRING) {
            return false;
        }
        int start = pos;
        ensure(3 + length);
        stringHeader(length);
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                pos = start; // not ASCII: the byte length differs from the char count
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                ensure(5 + utf8.length);
                stringHeader(utf8.length);
                System.arraycopy(utf8, 0, buf, pos, utf8.length);
                pos += utf8.length;
                return true;
            }
            buf[pos++] = (byte) c;
        }
        return true;
    }

    private void stringHeader(int n) {
        if (n < 32) {
            buf[pos++] = (byte) (0xa0 | n);
        } else if (n < 256) {
            buf[pos++] = (byte) 0xd9;
            buf[pos++] = (byte) n;
        } else if (n < 65536) {
            buf[pos++] = (byte) 0xda;
            writeShort(n);
        } else {
            buf[pos++] = (byte) 0xdb;
            writeInt(n);
        }
    }

    private void binary(byte[] bytes, int offset, int length) {
        ensure(5 + length);
        if (length < 256) {
            buf[pos++] = (byte) 0xc4;
            buf[pos++] = (byte) length;
        } else if (length < 65536) {
            buf[pos++] = (byte) 0xc5;
            writeShort(length);
        } else {
            buf[pos++] = (byte) 0xc6;
            writeInt(length);
        }
        System.arraycopy(bytes, offset, buf, pos, length);
        pos += length;
    }

    /** fixarray / fixmap ({@code fix | n} under 16), else the 16- or 32-bit form. */
    private void header(int n, int fix, int sixteen, int thirtyTwo) {
        ensure(5);
        if (n < 16) {
            buf[pos++] = (byte) (fix | n);
        } else if (n < 65536) {
            buf[pos++] = (byte) sixteen;
            writeShort(n);
        } else {
            buf[pos++] = (byte) thirtyTwo;
            writeInt(n);
        }
    }

    private void put(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    private void writeShort(int v) {
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void writeInt(int v) {
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }
}
