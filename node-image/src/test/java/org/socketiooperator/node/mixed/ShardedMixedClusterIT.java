package org.socketiooperator.node.mixed;

import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.protocol.sharded.SubscriptionMode;
import org.socketiooperator.testsupport.SharedRedis;

/** The mixed cluster on the sharded adapters (createShardedAdapter), dynamic subscription mode. */
class ShardedMixedClusterIT extends MixedClusterContract {

    @Override
    AdapterConfig javaAdapter(String key) {
        return AdapterConfig.sharded(RedisEndpoint.standalone(SharedRedis.uri()), SubscriptionMode.DYNAMIC)
                .withKey(key);
    }

    @Override
    boolean subscribesRoomChannels() {
        return true;
    }

    @Override
    String[] peerMode() {
        return new String[] {"sharded", "dynamic"};
    }
}
