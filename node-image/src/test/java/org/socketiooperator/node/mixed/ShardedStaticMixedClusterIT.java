package org.socketiooperator.node.mixed;

import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.protocol.sharded.SubscriptionMode;
import org.socketiooperator.testsupport.SharedRedis;

/** The mixed cluster on the sharded adapters (createShardedAdapter), static subscription mode. */
class ShardedStaticMixedClusterIT extends MixedClusterContract {

    @Override
    AdapterConfig javaAdapter(String key) {
        return AdapterConfig.sharded(RedisEndpoint.standalone(SharedRedis.uri()), SubscriptionMode.STATIC)
                .withKey(key);
    }

    @Override
    String[] peerMode() {
        return new String[] {"sharded", "static"};
    }
}
