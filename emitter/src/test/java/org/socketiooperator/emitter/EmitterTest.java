package org.socketiooperator.emitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.emitter.wire.ClassicWire;
import org.socketiooperator.emitter.wire.Operation;
import org.socketiooperator.emitter.wire.ShardedWire;
import org.socketiooperator.emitter.wire.StreamsWire;
import org.socketiooperator.protocol.codec.MsgpackCodec;
import org.socketiooperator.protocol.codec.PayloadFormat;
import org.socketiooperator.protocol.sharded.SubscriptionMode;

/** The fluent API without Redis: nothing connects until a publish, and every check here happens before one. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmitterTest {

    // nothing listens there, and nothing in this class publishes
    private final Emitter emitter = Emitter.create(
            EmitterOptions.builder().redisUri("redis://127.0.0.1:1").build());

    @AfterAll
    void close() {
        emitter.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"})
    void h37_reservedEventNamesAreRejected(String event) {
        assertThatThrownBy(() -> emitter.emit(event, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(event);
        assertThatThrownBy(() -> emitter.serverSideEmit(event))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reserved");
    }

    @Test
    void h40_namespaceIsNormalisedAndDefaultsToRoot() {
        assertThat(emitter.namespace()).isEqualTo("/");
        assertThat(emitter.of("custom").namespace()).isEqualTo("/custom");
        assertThat(emitter.of("/custom").namespace()).isEqualTo("/custom");
    }

    @Test
    void roomsAddUpInCallOrderWithoutDuplicates() {
        Emitter target =
                emitter.to("a").in(List.of("b", "a")).to("c", "d").except("x").except(List.of("y", "x"));

        assertThat(target.selection().rooms()).containsExactly("a", "b", "c", "d");
        assertThat(target.selection().except()).containsExactly("x", "y");
    }

    @Test
    void derivedEmittersLeaveTheOriginalUntouched() {
        Emitter room = emitter.to("a").volatile_();

        assertThat(emitter.selection().rooms()).isEmpty();
        assertThat(emitter.selection().flags()).isEmpty();
        assertThat(room.selection().flags()).containsEntry("volatile", true);
        assertThat(room.of("/other").selection().rooms())
                .as("of() starts a fresh selection")
                .isEmpty();
    }

    @Test
    void flagsKeepTheOrderTheyWereSetIn() {
        assertThat(emitter.compress(false).volatileFlag().selection().flags().keySet())
                .containsExactly("compress", "volatile");
        assertThat(emitter.volatile_().compress(true).selection().flags())
                .containsExactly(Map.entry("volatile", true), Map.entry("compress", true));
    }

    @Test
    void nullRoomsAndEventsAreRejectedClearly() {
        assertThatThrownBy(() -> emitter.to((String) null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> emitter.except(java.util.Arrays.asList("a", null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> emitter.emit(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> emitter.socketsJoin((String) null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesThatCannotTravelAreRejectedBeforeAnythingIsSent() {
        record Custom(int value) {}

        assertThatThrownBy(() -> emitter.emit("e", new Custom(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot encode")
                .hasMessageContaining("Custom");
    }

    @Test
    void h36_javaCollectionsAndBigNumbersTravelAsTheirJsonShape() {
        ClassicWire wire = new ClassicWire("socket.io", PayloadFormat.MSGPACK);
        LinkedHashSet<Object> set = new LinkedHashSet<>(List.of("2", 3L));

        byte[] payload = wire.encode(new Operation.Broadcast(
                        emitter.selection(), List.of("e", BigInteger.ONE, set, Integer.valueOf(7))))
                .payload();

        List<?> decoded = (List<?>) MsgpackCodec.decode(payload);
        assertThat(((Map<?, ?>) decoded.get(1)).get("data")).isEqualTo(List.of("e", 1L, List.of("2", 3L), 7L));
    }

    @Test
    void optionsHaveTheOfficialDefaults() {
        EmitterOptions options =
                EmitterOptions.builder().redisUri("redis://h:1").build();

        assertThat(options.key()).isEqualTo("socket.io");
        assertThat(options.parser()).isEqualTo(PayloadFormat.MSGPACK);
        assertThat(options.mode()).isEqualTo(EmitterMode.CLASSIC);
        assertThat(options.subscriptionMode()).isEqualTo(SubscriptionMode.DYNAMIC);
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(Emitter.wireFormat(options)).isInstanceOf(ClassicWire.class);
        assertThat(Emitter.wireFormat(EmitterOptions.builder()
                        .redisUri("redis://h:1")
                        .mode(EmitterMode.SHARDED)
                        .build()))
                .isInstanceOf(ShardedWire.class);
    }

    @Test
    void streamsModeTakesTheOfficialStreamsDefaultsAndTheKeyAsChannelPrefix() {
        EmitterOptions defaults = EmitterOptions.builder()
                .redisUri("redis://h:1")
                .mode(EmitterMode.STREAMS)
                .build();
        EmitterOptions custom = EmitterOptions.builder()
                .redisUri("redis://h:1")
                .key("pre")
                .mode(EmitterMode.STREAMS)
                .streams(new StreamsTarget("events", 4, 50, true))
                .build();

        assertThat(defaults.streams()).isEqualTo(new StreamsTarget("socket.io", 1, 10_000, false));
        assertThat(Emitter.wireFormat(defaults)).isEqualTo(new StreamsWire("socket.io", "socket.io", 1, 10_000, false));
        assertThat(Emitter.wireFormat(custom)).isEqualTo(new StreamsWire("pre", "events", 4, 50, true));
    }

    @Test
    void badStreamsSettingsAreRejectedClearly() {
        assertThatThrownBy(() -> new StreamsTarget("s", 0, 10, false))
                .hasMessage("streamCount must be between 1 and 64, got 0");
        assertThatThrownBy(() -> new StreamsTarget("s", 65, 10, false))
                .hasMessage("streamCount must be between 1 and 64, got 65");
        assertThatThrownBy(() -> new StreamsTarget("s", 1, 0, false)).hasMessage("maxLen must be at least 1, got 0");
        assertThatThrownBy(() -> new StreamsTarget("", 1, 10, false)).hasMessage("streamName must not be empty");
    }

    @Test
    void badOptionsAreRejectedClearly() {
        assertThatThrownBy(() -> EmitterOptions.builder().build()).hasMessageContaining("redis");
        assertThatThrownBy(() -> EmitterOptions.builder().redisUri("http://h:1").build())
                .hasMessageContaining("not a redis:// or rediss:// URI");
        assertThatThrownBy(() ->
                        EmitterOptions.builder().redisUri("redis://h:1").key("").build())
                .hasMessageContaining("key");
        assertThatThrownBy(() -> EmitterOptions.builder()
                        .redisUri("redis://h:1")
                        .timeout(Duration.ZERO)
                        .build())
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> SubscriptionMode.fromWireName("sometimes")).hasMessageContaining("dynamic-private");
    }

    @Test
    void subscriptionModesUseTheOfficialSpelling() {
        assertThat(SubscriptionMode.fromWireName("dynamic-private")).isEqualTo(SubscriptionMode.DYNAMIC_PRIVATE);
        assertThat(SubscriptionMode.STATIC.wireName()).isEqualTo("static");
    }

    @Test
    void passwordsStayOutOfLogs() {
        RedisEndpoint connection = RedisEndpoint.standalone("redis://h:1").withCredentials("app", "s3cret");

        assertThat(connection.toString()).doesNotContain("s3cret").contains("***");
    }
}
