package org.socketiooperator.adapter.sharded;

import org.junit.jupiter.api.Nested;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.protocol.sharded.SubscriptionMode;
import org.socketiooperator.testsupport.SharedRedis;

/** The checklist in each subscription mode on the shared standalone Redis 7 (a fresh channel prefix per mode). */
class ShardedStandaloneIT {

    static final RedisEndpoint SHARED = RedisEndpoint.standalone(SharedRedis.uri());

    @Nested
    class Static extends ShardedChecklist {
        RedisEndpoint endpoint() {
            return SHARED;
        }

        SubscriptionMode mode() {
            return SubscriptionMode.STATIC;
        }
    }

    @Nested
    class Dynamic extends ShardedChecklist {
        RedisEndpoint endpoint() {
            return SHARED;
        }

        SubscriptionMode mode() {
            return SubscriptionMode.DYNAMIC;
        }
    }

    @Nested
    class DynamicPrivate extends ShardedChecklist {
        RedisEndpoint endpoint() {
            return SHARED;
        }

        SubscriptionMode mode() {
            return SubscriptionMode.DYNAMIC_PRIVATE;
        }
    }
}
