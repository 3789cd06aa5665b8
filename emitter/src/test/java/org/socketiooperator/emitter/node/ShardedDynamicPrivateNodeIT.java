package org.socketiooperator.emitter.node;

import java.util.Map;
import org.socketiooperator.emitter.EmitterMode;
import org.socketiooperator.emitter.EmitterOptions;
import org.socketiooperator.protocol.sharded.SubscriptionMode;

/** Official servers with {@code createShardedAdapter} in subscription mode {@code dynamic-private}. */
class ShardedDynamicPrivateNodeIT extends EmitterAgainstNodeIT {

    @Override
    protected Map<String, String> nodeEnv() {
        return Map.of("ADAPTER", "sharded", "SUBSCRIPTION_MODE", "dynamic-private");
    }

    @Override
    protected EmitterOptions.Builder emitterOptions() {
        return EmitterOptions.builder().mode(EmitterMode.SHARDED).subscriptionMode(SubscriptionMode.DYNAMIC_PRIVATE);
    }
}
