package org.socketiooperator.emitter.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketiooperator.protocol.codec.CodecException;
import org.socketiooperator.protocol.codec.CodecLimits;
import org.socketiooperator.protocol.codec.PayloadFormat;
import org.socketiooperator.protocol.sharded.SubscriptionMode;

/**
 * The prepared broadcasts of a selection ({@link WireFormat#broadcasts}) give exactly the message the
 * generic path builds from maps ({@link WireFormat#encode}): classic with both parsers, sharded (JSON, or
 * MessagePack when the data holds binary), for many selections and data.
 */
class WireBroadcastsTest {

    static List<WireFormat> wires() {
        return List.of(
                new ClassicWire("socket.io", PayloadFormat.MSGPACK),
                new ClassicWire("socket.io", PayloadFormat.JSON),
                new ShardedWire("socket.io", SubscriptionMode.DYNAMIC),
                new ShardedWire("socket.io", SubscriptionMode.STATIC),
                new ShardedWire("socket.io", SubscriptionMode.DYNAMIC_PRIVATE));
    }

    private static final String LONG = "x".repeat(600); // msgpack-core writes strings from 512 chars on

    static List<Selection> selections() {
        Map<String, Object> volatileThenCompress = new LinkedHashMap<>();
        volatileThenCompress.put("volatile", true);
        volatileThenCompress.put("compress", false);
        Map<String, Object> compressThenVolatile = new LinkedHashMap<>();
        compressThenVolatile.put("compress", true);
        compressThenVolatile.put("volatile", true);
        List<String> manyRooms =
                IntStream.range(0, 20).mapToObj(i -> "room-" + i).toList();
        return List.of(
                Selection.namespace("/"),
                Selection.namespace("/chat"),
                Selection.namespace("/ünïcødé-😀"),
                new Selection("/", List.of("room"), List.of(), Map.of()),
                new Selection("/", List.of("a", "b"), List.of("c"), Map.of("volatile", true)),
                new Selection("/admin", List.of(), List.of("x", "y"), Map.of("compress", false)),
                new Selection("/", List.of("r\"#\\\n"), List.of("é"), volatileThenCompress),
                new Selection("/", manyRooms, manyRooms, compressThenVolatile),
                new Selection("/" + LONG, List.of(LONG), List.of(LONG + "é"), Map.of()),
                new Selection("/", List.of(""), List.of(""), Map.of("volatile", false)),
                new Selection("/", List.of("abcdefghijklmnopqrst"), List.of(), Map.of()), // a socket id's length
                // the rooms list is written like the template's mark: the mark is found twice, nothing is prepared
                new Selection("/", List.of((String) MessageTemplate.MARK.get(0)), List.of(), Map.of()));
    }

    static List<List<Object>> dataShapes() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", List.of(1L, -1L, 300L, -40000L, 1L << 40, 2.5, Double.NaN));
        nested.put("map", Map.of("deep", List.of(List.of(Map.of("k", "v")))));
        nested.put("null", null);
        nested.put("ünï", "😀 text");
        Map<String, Object> wide = new LinkedHashMap<>();
        IntStream.range(0, 20).forEach(i -> wide.put("k" + i, i));
        List<Object> longList = new ArrayList<>();
        IntStream.range(0, 70_000).forEach(longList::add);
        return List.of(
                List.of("ev"),
                List.of("msg", 42L, "a".repeat(64)),
                List.of("bin", new byte[] {1, 2, 3}, new byte[0], new byte[300]),
                List.of("nested", nested, wide),
                List.of("unicode", "éèà", "日本語", "😀", ""),
                List.of("long", LONG, LONG + "é", "y".repeat(70_000)),
                List.of("numbers", Integer.MAX_VALUE, Long.MIN_VALUE, 0.1, -0.0, 1e300, (short) 7, (byte) -3),
                List.of("bools", true, false),
                List.of("time", Instant.ofEpochSecond(1_700_000_000L, 5)),
                List.of("arrays", new Object[] {"a", 1L}, longList));
    }

    @ParameterizedTest
    @MethodSource("wires")
    void preparedBroadcastsAreTheGenericMessagesByteForByte(WireFormat wire) {
        for (Selection selection : selections()) {
            BroadcastEncoder prepared = wire.broadcasts(selection);
            for (List<Object> data : dataShapes()) {
                Outgoing fast = prepared.encode(new ArrayList<>(data));
                Outgoing generic = wire.encode(new Operation.Broadcast(selection, data));

                assertThat(fast.command()).isEqualTo(generic.command());
                assertThat(fast.channel()).isEqualTo(generic.channel());
                assertThat(fast.payload())
                        .as("%s, %s, %s, %s", wire, selection.nsp(), selection.rooms(), data.get(0))
                        .isEqualTo(generic.payload());
            }
        }
    }

    @Test
    void oneRoomGoesToTheRoomChannelOtherwiseTheNamespaceChannel() {
        ClassicWire wire = new ClassicWire("k", PayloadFormat.MSGPACK);

        assertThat(wire.broadcasts(new Selection("/n", List.of("r"), List.of(), Map.of()))
                        .encode(List.of("ev"))
                        .channel())
                .isEqualTo("k#/n#r#");
        assertThat(wire.broadcasts(new Selection("/n", List.of("r", "s"), List.of(), Map.of()))
                        .encode(List.of("ev"))
                        .channel())
                .isEqualTo("k#/n#");
    }

    @ParameterizedTest
    @MethodSource("wires")
    void theNestingLimitRefusesWhatTheWholeMessageWouldRefuse(WireFormat wire) {
        Selection selection = Selection.namespace("/");
        BroadcastEncoder prepared = wire.broadcasts(selection);
        // classic: the message's array and packet map hold the data list; sharded: envelope, data, packet
        int around = wire instanceof ShardedWire ? 3 : 2;
        int limit = Math.min(CodecLimits.MAX_JSON_DEPTH, CodecLimits.MAX_MSGPACK_DEPTH);
        List<Object> deepest = List.of("ev", nestedLists(limit - around - 1));
        List<Object> tooDeep = List.of("ev", nestedLists(limit - around));

        assertThat(prepared.encode(deepest).payload())
                .isEqualTo(
                        wire.encode(new Operation.Broadcast(selection, deepest)).payload());
        assertThatThrownBy(() -> wire.encode(new Operation.Broadcast(selection, tooDeep)))
                .isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> prepared.encode(tooDeep)).isInstanceOf(CodecException.class);
    }

    @ParameterizedTest
    @MethodSource("wires")
    void aValueTheCodecCannotWriteIsRefusedAsByTheGenericPath(WireFormat wire) {
        Selection selection = Selection.namespace("/");
        List<Object> data = List.of("ev", new Object());

        assertThatThrownBy(() -> wire.encode(new Operation.Broadcast(selection, data)))
                .isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> wire.broadcasts(selection).encode(data)).isInstanceOf(CodecException.class);
    }

    /** {@code levels} lists, each the only item of the one around it. */
    private static Object nestedLists(int levels) {
        Object value = "leaf";
        for (int i = 0; i < levels; i++) {
            value = List.of(value);
        }
        return value;
    }
}
