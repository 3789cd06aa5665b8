package org.socketiooperator.emitter.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketiooperator.protocol.codec.JsonCodec;
import org.socketiooperator.protocol.codec.MsgpackCodec;
import org.socketiooperator.protocol.codec.PayloadFormat;

/**
 * There is no official streams emitter ({@code @socket.io/redis-streams-emitter} is not on npm), so the
 * reference is the streams adapter itself: given the sender's uid, our command for the same operation equals
 * what an official server on {@code @socket.io/redis-streams-adapter} 0.3.1 sent ({@code streams-0.3.json},
 * copied from the protocol module's vectors): the XADD's stream, MAXLEN and fields in order, or the
 * PUBLISH's channel and bytes for serverSideEmit.
 */
class StreamsWireTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One captured command: its name and its arguments after the command name. */
    record Sent(String command, List<String> args, byte[] payload) {
        @Override
        public String toString() {
            return command + " " + args.subList(0, Math.min(args.size(), 12));
        }
    }

    static Stream<Sent> nodeOperations() {
        List<Sent> operations = load().stream()
                .filter(s -> s.command().equals("XADD") || s.command().equals("PUBLISH"))
                .filter(s -> isAnEmitterOperation(envelope(s)))
                .toList();
        // every broadcast shape of the capture (rooms, except, flags, binary, other namespace), join, leave,
        // disconnect, and serverSideEmit without acknowledgement
        assertThat(operations).hasSizeGreaterThanOrEqualTo(15);
        assertThat(operations.stream().map(s -> ((Number) envelope(s).get("type")).intValue()))
                .contains(3, 4, 5, 6, 9);
        return operations.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nodeOperations")
    void reproducesTheStreamsAdapterCommand(Sent sent) {
        Map<String, Object> envelope = envelope(sent);
        StreamsWire wire = new StreamsWire("socket.io", "socket.io", 1, 10_000, false, (String) envelope.get("uid"));

        Outgoing ours = wire.encode(operationOf(envelope));

        if (sent.command().equals("XADD")) {
            // <stream> MAXLEN ~ <maxLen> * field value ...
            assertThat(sent.args().subList(1, 5)).containsExactly("MAXLEN", "~", "10000", "*");
            assertThat(ours.command()).isEqualTo(Outgoing.Command.XADD);
            assertThat(ours.channel()).isEqualTo(sent.args().get(0));
            assertThat(ours.maxLen()).isEqualTo(10_000);
            assertThat(ours.fields())
                    .isEqualTo(sent.args().subList(5, sent.args().size()));
        } else {
            assertThat(ours.command()).isEqualTo(Outgoing.Command.PUBLISH);
            assertThat(ours.channel()).isEqualTo(sent.args().get(0));
            assertThat(ours.payload()).isEqualTo(sent.payload());
        }
    }

    @Test
    void emitterEntriesCarryTheEmitterUidAndTheConfiguredTrimming() {
        StreamsWire wire = new StreamsWire("p", "s", 1, 500, false);

        Outgoing out = wire.encode(new Operation.Broadcast(Selection.namespace("/"), List.of("hello", 1L)));

        assertThat(out.channel()).isEqualTo("s");
        assertThat(out.maxLen()).isEqualTo(500);
        assertThat(out.fields())
                .containsExactly(
                        "uid",
                        "emitter",
                        "nsp",
                        "/",
                        "type",
                        "3",
                        "data",
                        "{\"packet\":{\"type\":2,\"data\":[\"hello\",1]},"
                                + "\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}}}");
    }

    @Test
    void aNamespaceGoesToTheStreamTheOfficialWriterChoosesNegativeIndexIncluded() {
        StreamsWire wire = new StreamsWire("p", "s", 3, 10, false);
        Operation.Broadcast toRoot = new Operation.Broadcast(Selection.namespace("/"), List.of("e"));
        Operation.SocketsJoin onNotifications =
                new Operation.SocketsJoin(Selection.namespace("/notifications"), List.of("r"));

        // "/".hashCode() % 3 == 2; "/notifications".hashCode() % 3 == -2, and JavaScript's % keeps the sign
        assertThat(wire.encode(toRoot).channel()).isEqualTo("s-2");
        assertThat(wire.encode(onNotifications).channel()).isEqualTo("s--2");
    }

    @Test
    void serverSideEmitIsPublishedOnTheNamespaceChannelShardedWhenTheClusterIsSharded() {
        Operation emit = new Operation.ServerSideEmit(Selection.namespace("/admin"), List.of("hello", 1L));

        Outgoing classic = new StreamsWire("p", "s", 1, 10, false).encode(emit);
        Outgoing sharded = new StreamsWire("p", "s", 1, 10, true).encode(emit);

        assertThat(classic.command()).isEqualTo(Outgoing.Command.PUBLISH);
        assertThat(sharded.command()).isEqualTo(Outgoing.Command.SPUBLISH);
        assertThat(classic.channel()).isEqualTo("p#/admin#").isEqualTo(sharded.channel());
        assertThat(MsgpackCodec.decode(classic.payload()))
                .isEqualTo(Map.of(
                        "type", 9L, "data", Map.of("packet", List.of("hello", 1L)), "uid", "emitter", "nsp", "/admin"));
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new StreamsWire("p", "s", 0, 10, false)).hasMessageContaining("streamCount");
        assertThatThrownBy(() -> Outgoing.xadd("s", List.of("uid"), 10)).hasMessageContaining("field-value pairs");
        assertThatThrownBy(() -> Outgoing.xadd("s", List.of("uid", "x"), 0)).hasMessageContaining("maxLen");
    }

    private static boolean isAnEmitterOperation(Map<String, Object> envelope) {
        int type = ((Number) envelope.get("type")).intValue();
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) envelope.get("data");
        if (type < 3 || type > 9 || type == 7 || type == 8 || data == null || data.containsKey("requestId")) {
            return false; // requests with answers, responses and heartbeats are not emitter operations
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> opts = (Map<String, Object>) data.getOrDefault("opts", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> flags = (Map<String, Object>) opts.getOrDefault("flags", Map.of());
        return flags.keySet().stream().allMatch(f -> f.equals("volatile") || f.equals("compress"));
    }

    /** The message as {type, data, uid, nsp}, decoded from the entry's fields or the published bytes. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> envelope(Sent sent) {
        if (sent.command().equals("PUBLISH")) {
            return (Map<String, Object>) PayloadFormat.decodeSniffed(sent.payload());
        }
        Map<String, Object> envelope = new java.util.HashMap<>();
        List<String> args = sent.args();
        for (int i = 5; i + 1 < args.size(); i += 2) {
            String value = args.get(i + 1);
            switch (args.get(i)) {
                case "uid", "nsp" -> envelope.put(args.get(i), value);
                case "type" -> envelope.put("type", Long.parseLong(value));
                case "data" ->
                    envelope.put(
                            "data",
                            value.startsWith("{")
                                    ? JsonCodec.decode(value)
                                    : MsgpackCodec.decode(Base64.getDecoder().decode(value)));
                default -> throw new AssertionError("unexpected field " + args.get(i));
            }
        }
        return envelope;
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
        int type = ((Number) envelope.get("type")).intValue();
        return switch (type) {
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

    private static List<Sent> load() {
        try (InputStream in = StreamsWireTest.class.getResourceAsStream("/vectors/streams-0.3.json")) {
            List<Sent> result = new ArrayList<>();
            for (JsonNode node : MAPPER.readTree(in)) {
                List<String> args = new ArrayList<>();
                for (JsonNode arg : node.path("args")) {
                    args.add(arg.asText());
                }
                JsonNode payload = node.get("payload_base64");
                byte[] bytes = payload == null || payload.isNull()
                        ? new byte[0]
                        : Base64.getDecoder().decode(payload.asText());
                if (node.path("command").asText().equals("PUBLISH")) {
                    args = List.of(node.path("channel").asText());
                }
                result.add(new Sent(node.path("command").asText(), args, bytes));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
