package org.socketiooperator.operator.dependents;

import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A short hash of the settings every node of a cluster must share to hear each other's broadcasts: the adapter
 * mode, its channel prefix, parser, (sharded) subscription mode, (streams) stream name and count, Pub/Sub kind and
 * session keys, and where Redis is. Nodes that differ in one
 * of them publish and listen on different channels or in different encodings (docs/spec/redis-adapter-protocol.md),
 * so they must never serve one cluster's clients at the same time.
 */
public final class WireGeneration {
    /** The node variables that decide who hears whom (docs/node-contract.md). */
    public static final List<String> VARIABLES = List.of(
            "SIO_ADAPTER_MODE",
            "SIO_ADAPTER_KEY",
            "SIO_ADAPTER_PARSER",
            "SIO_ADAPTER_SUBSCRIPTION_MODE",
            "SIO_ADAPTER_STREAM_NAME",
            "SIO_ADAPTER_STREAM_COUNT",
            "SIO_ADAPTER_USE_SHARDED_PUBSUB",
            "SIO_ADAPTER_SESSION_KEY_PREFIX",
            "SIO_REDIS_URL",
            "SIO_REDIS_NODES");
    /** Node defaults of those variables (docs/node-contract.md), so an unset and an explicit default compare equal. */
    private static final Map<String, String> NODE_DEFAULTS =
            Map.of("SIO_ADAPTER_MODE", "classic", "SIO_ADAPTER_KEY", "socket.io", "SIO_ADAPTER_PARSER", "msgpack");
    /**
     * Streams mode's defaults, counted in streams mode only: the hash of a cluster in another mode stays what it was
     * before streams mode existed, so upgrading the operator starts no blue/green.
     */
    private static final Map<String, String> STREAMS_DEFAULTS = Map.of(
            "SIO_ADAPTER_STREAM_NAME", "socket.io",
            "SIO_ADAPTER_STREAM_COUNT", "1",
            "SIO_ADAPTER_USE_SHARDED_PUBSUB", "false",
            "SIO_ADAPTER_SESSION_KEY_PREFIX", "sio:session:");

    private WireGeneration() {}

    /**
     * @param configMapData the node environment written to the ConfigMap
     * @param podEnv the pod's own env entries, which win over the ConfigMap
     */
    public static String of(Map<String, String> configMapData, List<EnvVar> podEnv) {
        SortedMap<String, String> wire = new TreeMap<>();
        for (String name : VARIABLES) {
            String value = configMapData.get(name);
            for (EnvVar env : podEnv) {
                if (name.equals(env.getName())) {
                    // valueFrom cannot be read here: its reference stands for the value.
                    value = env.getValue() != null ? env.getValue() : String.valueOf(env.getValueFrom());
                }
            }
            if (value == null) {
                value = NODE_DEFAULTS.get(name);
            }
            if (value == null && "streams".equals(wire.get("SIO_ADAPTER_MODE"))) {
                value = STREAMS_DEFAULTS.get(name);
            }
            if (value != null && !value.isEmpty()) {
                wire.put(name, value);
            }
        }
        StringBuilder text = new StringBuilder();
        wire.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        // Eight hex digits: also a name suffix and a label value. Collisions only matter between two generations
        // of one cluster that exist at once.
        return Hashing.sha256(text.toString()).substring(0, 8);
    }
}
