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

/** Our classic messages are the official emitter's, byte for byte (classic.json, phases emitter-*). */
class ClassicWireTest {

    private final ClassicWire wire = new ClassicWire("socket.io", PayloadFormat.MSGPACK);

    static Stream<Captured> officialEmitterMessages() {
        List<Captured> all = CapturedMessages.load("classic.json").stream()
                .filter(c -> c.source().equals("emitter"))
                .toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(11);
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("officialEmitterMessages")
    void reproducesTheOfficialEmitterBytes(Captured captured) {
        Outgoing ours = wire.encode(operationOf(captured));

        assertThat(ours.command().name()).isEqualTo(captured.command());
        assertThat(ours.channel()).isEqualTo(captured.channel());
        assertThat(ours.payload()).isEqualTo(captured.payload());
    }

    @Test
    void aJsonParserWritesBroadcastsAsJsonWithBuffersAsNodeDoes() {
        ClassicWire json = new ClassicWire("app", PayloadFormat.JSON);
        Selection selection = new Selection("/", List.of("a", "b"), List.of("c"), Map.of("volatile", true));

        Outgoing out = json.encode(new Operation.Broadcast(selection, List.of("ev", 1L, new byte[] {1, 2})));

        assertThat(out.channel()).isEqualTo("app#/#");
        assertThat(new String(out.payload(), StandardCharsets.UTF_8))
                .isEqualTo(
                        "[\"emitter\",{\"type\":2,\"data\":[\"ev\",1,{\"type\":\"Buffer\",\"data\":[1,2]}],\"nsp\":\"/\"},"
                                + "{\"rooms\":[\"a\",\"b\"],\"flags\":{\"volatile\":true},\"except\":[\"c\"]}]");
    }

    @Test
    void requestsStayJsonWhateverTheParserAndUseTheKey() {
        Selection selection = new Selection("/chat", List.of("r1"), List.of(), Map.of());

        Outgoing out = wire.encode(new Operation.SocketsJoin(selection, List.of("r2")));

        assertThat(out.channel()).isEqualTo("socket.io-request#/chat#");
        assertThat(new String(out.payload(), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":2,\"opts\":{\"rooms\":[\"r1\"],\"except\":[]},\"rooms\":[\"r2\"]}");
    }

    /** Rebuilds the call that produced a captured message from its meaning only (never its layout). */
    @SuppressWarnings("unchecked")
    static Operation operationOf(Captured captured) {
        Object decoded = PayloadFormat.decodeSniffed(captured.payload());
        if (decoded instanceof List<?> broadcast) {
            Map<String, Object> packet = (Map<String, Object>) broadcast.get(1);
            Map<String, Object> opts = (Map<String, Object>) broadcast.get(2);
            Selection selection = new Selection(
                    (String) packet.get("nsp"),
                    (List<String>) opts.get("rooms"),
                    (List<String>) opts.get("except"),
                    (Map<String, Object>) opts.get("flags"));
            return new Operation.Broadcast(selection, (List<Object>) packet.get("data"));
        }
        Map<String, Object> request = (Map<String, Object>) decoded;
        String nsp = captured.channel()
                .substring("socket.io-request#".length(), captured.channel().length() - 1);
        Map<String, Object> opts = (Map<String, Object>) request.getOrDefault("opts", Map.of());
        Selection selection = new Selection(
                nsp,
                (List<String>) opts.getOrDefault("rooms", List.of()),
                (List<String>) opts.getOrDefault("except", List.of()),
                Map.of());
        long type = (Long) request.get("type");
        return switch ((int) type) {
            case 2 -> new Operation.SocketsJoin(selection, (List<String>) request.get("rooms"));
            case 3 -> new Operation.SocketsLeave(selection, (List<String>) request.get("rooms"));
            case 4 -> new Operation.DisconnectSockets(selection, (Boolean) request.get("close"));
            case 6 -> new Operation.ServerSideEmit(selection, (List<Object>) request.get("data"));
            default -> throw new AssertionError("unexpected request type " + type);
        };
    }
}
