package org.socketiooperator.emitter.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketiooperator.emitter.EmitterMode;
import org.socketiooperator.emitter.EmitterOptions;
import org.socketiooperator.protocol.codec.PayloadFormat;

/** Official servers with {@code createAdapter} and a JSON parser; the emitter uses the matching parser. */
class ClassicJsonNodeIT extends EmitterAgainstNodeIT {

    @Override
    protected Map<String, String> nodeEnv() {
        return Map.of("ADAPTER", "classic", "PARSER", "json");
    }

    @Override
    protected EmitterOptions.Builder emitterOptions() {
        return EmitterOptions.builder().mode(EmitterMode.CLASSIC).parser(PayloadFormat.JSON);
    }

    @Override
    protected boolean binaryArrives() {
        return false;
    }

    @Test
    void h51_customJsonParserDeliversIdenticalValues() {
        await(emitter.emit("h51", 1, "2", List.of(3), Map.of("four", 4.5)));

        assertThat(cluster.awaitEvent("c2", "h51").toString()).isEqualTo("[1,\"2\",[3],{\"four\":4.5}]");
    }
}
