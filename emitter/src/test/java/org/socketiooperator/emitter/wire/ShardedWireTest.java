package org.socketiooperator.emitter.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketiooperator.emitter.wire.CapturedMessages.Captured;
import org.socketiooperator.protocol.codec.PayloadFormat;
import org.socketiooperator.protocol.sharded.SubscriptionMode;

/**
 * There is no official sharded emitter, so the reference is the sharded adapter itself: given the
 * sender's uid, our envelope for the same operation equals what a Node node published, channel included
 * (which checks the channel choice of each subscription mode).
 */
class ShardedWireTest {

    private static final Map<String, SubscriptionMode> FILES = Map.of(
            "sharded-static.json", SubscriptionMode.STATIC,
            "sharded-dynamic.json", SubscriptionMode.DYNAMIC,
            "sharded-dynamic-private.json", SubscriptionMode.DYNAMIC_PRIVATE);

    static Stream<Captured> nodeOperations() {
        List<Captured> all = FILES.keySet().stream()
                .sorted()
                .flatMap(file -> CapturedMessages.load(file).stream())
                .filter(c -> c.command().equals("SPUBLISH"))
                .filter(ShardedWireTest::isAnEmitterOperation)
                .toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(40);
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nodeOperations")
    void reproducesTheShardedAdapterEnvelope(Captured captured) {
        Map<String, Object> envelope = envelope(captured);
        ShardedWire wire = new ShardedWire("socket.io", FILES.get(captured.file()), (String) envelope.get("uid"));

        Outgoing ours = wire.encode(operationOf(envelope));

        assertThat(ours.command()).isEqualTo(Outgoing.Command.SPUBLISH);
        assertThat(ours.channel()).isEqualTo(captured.channel());
        assertThat(ours.payload()).isEqualTo(captured.payload());
    }

    @Test
    void emitterMessagesCarryTheEmitterUid() {
        ShardedWire wire = new ShardedWire("p", SubscriptionMode.DYNAMIC);

        Outgoing out = wire.encode(new Operation.ServerSideEmit(Selection.namespace("/"), List.of("hello", 1L)));

        assertThat(new String(out.payload(), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":9,\"data\":{\"packet\":[\"hello\",1]},\"uid\":\"emitter\",\"nsp\":\"/\"}");
        assertThat(out.channel()).isEqualTo("p#/#");
    }

    @Test
    void choosesTheRoomChannelPerSubscriptionMode() {
        Selection publicRoom = new Selection("/", List.of("room1"), List.of(), Map.of());
        Selection socketId = new Selection("/", List.of("U2dfTqzrHWqE0im4AAAB"), List.of(), Map.of());
        Selection twoRooms = new Selection("/", List.of("a", "b"), List.of(), Map.of());
        var broadcast =
                (java.util.function.Function<Selection, Operation>) s -> new Operation.Broadcast(s, List.of("e"));

        ShardedWire dynamic = new ShardedWire("p", SubscriptionMode.DYNAMIC);
        ShardedWire priv = new ShardedWire("p", SubscriptionMode.DYNAMIC_PRIVATE);
        ShardedWire fixed = new ShardedWire("p", SubscriptionMode.STATIC);

        assertThat(dynamic.encode(broadcast.apply(publicRoom)).channel()).isEqualTo("p#/#room1#");
        assertThat(dynamic.encode(broadcast.apply(socketId)).channel()).isEqualTo("p#/#");
        assertThat(priv.encode(broadcast.apply(socketId)).channel()).isEqualTo("p#/#U2dfTqzrHWqE0im4AAAB#");
        assertThat(fixed.encode(broadcast.apply(publicRoom)).channel()).isEqualTo("p#/#");
        assertThat(dynamic.encode(broadcast.apply(twoRooms)).channel()).isEqualTo("p#/#");
        // only broadcasts use room channels: a join for the members of room1 goes to the namespace channel
        assertThat(priv.encode(new Operation.SocketsJoin(publicRoom, List.of("x")))
                        .channel())
                .isEqualTo("p#/#");
    }

    private static boolean isAnEmitterOperation(Captured captured) {
        Map<String, Object> envelope = envelope(captured);
        long type = (Long) envelope.get("type");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) envelope.get("data");
        if (type < 3 || type > 9 || type == 7 || type == 8 || data.containsKey("requestId")) {
            return false; // requests with answers, responses and heartbeats are not emitter operations
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> opts = (Map<String, Object>) data.getOrDefault("opts", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> flags = (Map<String, Object>) opts.getOrDefault("flags", Map.of());
        return flags.keySet().stream().allMatch(f -> f.equals("volatile") || f.equals("compress"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> envelope(Captured captured) {
        return (Map<String, Object>) PayloadFormat.decodeSniffed(captured.payload());
    }

    @SuppressWarnings("unchecked")
    private static Operation operationOf(Map<String, Object> envelope) {
        Map<String, Object> data = (Map<String, Object>) envelope.get("data");
        Map<String, Object> opts = (Map<String, Object>) data.getOrDefault("opts", Map.of());
        Selection selection = new Selection(
                (String) envelope.get("nsp"),
                (List<String>) opts.getOrDefault("rooms", List.of()),
                (List<String>) opts.getOrDefault("except", List.of()),
                (Map<String, Object>) opts.getOrDefault("flags", Map.of()));
        long type = (Long) envelope.get("type");
        return switch ((int) type) {
            case 3 ->
                new Operation.Broadcast(
                        selection, (List<Object>) ((Map<String, Object>) data.get("packet")).get("data"));
            case 4 -> new Operation.SocketsJoin(selection, (List<String>) data.get("rooms"));
            case 5 -> new Operation.SocketsLeave(selection, (List<String>) data.get("rooms"));
            case 6 -> new Operation.DisconnectSockets(selection, (Boolean) data.get("close"));
            case 9 -> new Operation.ServerSideEmit(selection, (List<Object>) data.get("packet"));
            default -> throw new AssertionError("unexpected type " + type);
        };
    }
}
