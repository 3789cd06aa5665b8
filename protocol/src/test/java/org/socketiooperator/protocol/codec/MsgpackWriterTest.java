package org.socketiooperator.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The direct writer writes the bytes msgpack-core writes, and leaves to it what it does not handle. */
class MsgpackWriterTest {

    private static void sameAsMsgpackCore(Object value) {
        byte[] direct = MsgpackWriter.encode(value);
        assertThat(direct).as("handled directly: %s", value).isNotNull();
        assertThat(HexFormat.of().formatHex(direct))
                .as("bytes of %s", value)
                .isEqualTo(HexFormat.of().formatHex(MsgpackCodec.encodeWithMsgpackCore(value)));
    }

    @Test
    void integersAtEveryFormBoundary() {
        long[] edges = {
            0,
            1,
            31,
            32,
            127,
            128,
            255,
            256,
            65535,
            65536,
            (1L << 32) - 1,
            1L << 32,
            Long.MAX_VALUE,
            -1,
            -31,
            -32,
            -33,
            -127,
            -128,
            -129,
            -32768,
            -32769,
            Integer.MIN_VALUE,
            Integer.MIN_VALUE - 1L,
            Long.MIN_VALUE
        };
        for (long edge : edges) {
            sameAsMsgpackCore(edge);
            sameAsMsgpackCore(BigInteger.valueOf(edge));
            if (edge == (int) edge) {
                sameAsMsgpackCore((int) edge);
            }
        }
        sameAsMsgpackCore((short) -200);
        sameAsMsgpackCore((byte) -100);
    }

    @Test
    void doublesIntegralOrNot() {
        for (double d : new double[] {
            0.0,
            -0.0,
            1.5,
            -2.25,
            3.0,
            1e300,
            -1e300,
            0x1p63,
            -0x1p63,
            0x1p62,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE
        }) {
            sameAsMsgpackCore(d);
            sameAsMsgpackCore((float) d);
        }
        sameAsMsgpackCore(new java.util.concurrent.atomic.AtomicLong(300));
    }

    @Test
    void stringsOfEveryHeaderLengthAsciiOrNot() {
        for (int n : new int[] {0, 1, 31, 32, 100, 255, 256, 300, 511}) {
            sameAsMsgpackCore("a".repeat(n));
            sameAsMsgpackCore("\u00e9".repeat(n)); // two bytes each
            sameAsMsgpackCore("x".repeat(Math.max(0, n - 1)) + "\u20ac");
        }
        sameAsMsgpackCore("emoji \uD83D\uDE00 and a lone surrogate \uD800 end");
        sameAsMsgpackCore(Map.of("cl\u00e9", "v"));
        assertThat(MsgpackWriter.encode("a".repeat(MsgpackWriter.LONG_STRING))).isNull();
    }

    @Test
    void bytesAndContainersOfEveryHeaderLength() {
        for (int n : new int[] {0, 15, 16, 255, 256, 65535, 65536}) {
            sameAsMsgpackCore(new byte[n]);
            sameAsMsgpackCore(ByteBuffer.wrap(new byte[n]));
            List<Object> list = new ArrayList<>();
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                list.add(i);
                map.put("k" + i, i % 3 == 0 ? null : i % 3 == 1);
            }
            sameAsMsgpackCore(list);
            sameAsMsgpackCore(map);
            sameAsMsgpackCore(list.toArray());
        }
    }

    @Test
    void randomNestedValues() {
        Random random = new Random(17);
        for (int i = 0; i < 2_000; i++) {
            sameAsMsgpackCore(randomValue(random, 0));
        }
    }

    @Test
    void leavesTimestampsBigIntegersAndUnknownTypesToMsgpackCore() {
        assertThat(MsgpackWriter.encode(List.of(1, Instant.ofEpochSecond(5)))).isNull();
        assertThat(MsgpackWriter.encode(BigInteger.ONE.shiftLeft(64))).isNull();
        assertThat(MsgpackWriter.encode(Map.of("x", new Object()))).isNull();
        Instant instant = Instant.ofEpochSecond(1_700_000_000L, 5);
        assertThat(MsgpackCodec.encode(List.of("t", instant)))
                .isEqualTo(MsgpackCodec.encodeWithMsgpackCore(List.of("t", instant)));
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 4 ? 7 : 9);
        switch (kind) {
            case 0:
                return null;
            case 1:
                return random.nextBoolean();
            case 2:
                return random.nextLong() >> random.nextInt(64);
            case 3:
                return random.nextBoolean() ? random.nextDouble() * 1e6 : (double) random.nextInt();
            case 4: {
                StringBuilder text = new StringBuilder();
                int n = random.nextInt(300);
                for (int i = 0; i < n; i++) {
                    text.append(
                            random.nextInt(10) == 0
                                    ? (char) (0x80 + random.nextInt(0x700))
                                    : (char) ('a' + random.nextInt(26)));
                }
                return text.toString();
            }
            case 5: {
                byte[] bytes = new byte[random.nextInt(300)];
                random.nextBytes(bytes);
                return bytes;
            }
            case 6:
                return random.nextInt(1000) - 500;
            case 7: {
                List<Object> list = new ArrayList<>();
                int n = random.nextInt(20);
                for (int i = 0; i < n; i++) {
                    list.add(randomValue(random, depth + 1));
                }
                return list;
            }
            default: {
                Map<String, Object> map = new LinkedHashMap<>();
                int n = random.nextInt(20);
                for (int i = 0; i < n; i++) {
                    map.put("key" + random.nextInt(100), randomValue(random, depth + 1));
                }
                return map;
            }
        }
    }
}
