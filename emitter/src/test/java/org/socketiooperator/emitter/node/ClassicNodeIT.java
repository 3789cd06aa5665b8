package org.socketiooperator.emitter.node;

import java.util.Map;
import org.socketiooperator.emitter.EmitterMode;
import org.socketiooperator.emitter.EmitterOptions;

/** Official servers with {@code createAdapter} (MessagePack parser, the default). */
class ClassicNodeIT extends EmitterAgainstNodeIT {

    @Override
    protected Map<String, String> nodeEnv() {
        return Map.of("ADAPTER", "classic");
    }

    @Override
    protected EmitterOptions.Builder emitterOptions() {
        return EmitterOptions.builder().mode(EmitterMode.CLASSIC);
    }
}
