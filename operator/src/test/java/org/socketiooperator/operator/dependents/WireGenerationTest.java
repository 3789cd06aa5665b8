package org.socketiooperator.operator.dependents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which streams-mode settings split a cluster into wire generations, and that other modes are untouched. */
class WireGenerationTest {

    private static String wire(Map<String, String> data) {
        return WireGeneration.of(data, List.of());
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> copy = new HashMap<>(base);
        copy.put(name, value);
        return copy;
    }

    @Test
    void inStreamsModeTheStreamThePubSubKindAndTheSessionKeysSplitAndDefaultsCompareEqual() {
        Map<String, String> streams = Map.of("SIO_ADAPTER_MODE", "streams", "SIO_REDIS_URL", "redis://r:6379");
        String base = wire(streams);
        assertThat(wire(with(streams, "SIO_ADAPTER_STREAM_NAME", "socket.io"))).isEqualTo(base);
        assertThat(wire(with(streams, "SIO_ADAPTER_STREAM_COUNT", "1"))).isEqualTo(base);
        assertThat(wire(with(streams, "SIO_ADAPTER_STREAM_NAME", "chat"))).isNotEqualTo(base);
        assertThat(wire(with(streams, "SIO_ADAPTER_STREAM_COUNT", "2"))).isNotEqualTo(base);
        assertThat(wire(with(streams, "SIO_ADAPTER_USE_SHARDED_PUBSUB", "true")))
                .isNotEqualTo(base);
        assertThat(wire(with(streams, "SIO_ADAPTER_SESSION_KEY_PREFIX", "x:"))).isNotEqualTo(base);
        // each pod's own tuning does not split the cluster
        assertThat(wire(with(streams, "SIO_ADAPTER_MAX_LEN", "5"))).isEqualTo(base);
        assertThat(wire(with(streams, "SIO_ADAPTER_READ_COUNT", "5"))).isEqualTo(base);
    }

    @Test
    void aClassicClusterIsNotMovedByTheStreamsDefaults() {
        Map<String, String> classic = Map.of("SIO_REDIS_URL", "redis://r:6379");
        assertThat(wire(classic)).isEqualTo(wire(with(classic, "SIO_ADAPTER_MODE", "classic")));
        assertThat(wire(classic)).isNotEqualTo(wire(with(classic, "SIO_ADAPTER_MODE", "streams")));
    }
}
