package org.socketiooperator.adapter.sharded;

import org.junit.jupiter.api.Nested;
import org.socketiooperator.protocol.sharded.SubscriptionMode;

/** Java and official Node.js sharded nodes in one cluster, once per subscription mode. */
class ShardedNodeInteropIT {

    @Nested
    class Static extends ShardedInterop {
        SubscriptionMode mode() {
            return SubscriptionMode.STATIC;
        }
    }

    @Nested
    class Dynamic extends ShardedInterop {
        SubscriptionMode mode() {
            return SubscriptionMode.DYNAMIC;
        }
    }

    @Nested
    class DynamicPrivate extends ShardedInterop {
        SubscriptionMode mode() {
            return SubscriptionMode.DYNAMIC_PRIVATE;
        }
    }
}
