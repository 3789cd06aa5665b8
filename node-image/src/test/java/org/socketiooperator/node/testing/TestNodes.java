package org.socketiooperator.node.testing;

import java.util.HashMap;
import java.util.Map;
import org.socketiooperator.node.config.NodeConfig;

/** Node settings for in-process tests: loopback only, any free ports. */
public final class TestNodes {

    private TestNodes() {}

    public static Map<String, String> env(String... keyValues) {
        Map<String, String> env =
                new HashMap<>(Map.of("SIO_HOST", "127.0.0.1", "SIO_PORT", "0", "SIO_MANAGEMENT_PORT", "0"));
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    public static NodeConfig config(String... keyValues) {
        return NodeConfig.fromEnvironment(env(keyValues));
    }
}
