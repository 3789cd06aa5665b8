package org.socketiooperator.adapter.sharded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.conformance.ThreeNodes;
import org.socketiooperator.adapter.testing.Trio;
import org.socketiooperator.protocol.sharded.SubscriptionMode;

/** Three sharded-mode nodes in one subscription mode with a channel prefix of their own. */
public final class ShardedNodes implements ThreeNodes {

    static final Duration WAIT = Duration.ofSeconds(10);

    final String prefix = "sio-test-" + ShardedIds.next();
    final SubscriptionMode mode;
    final RedisProbe probe;
    final List<ShardedAdapter> adapters = new ArrayList<>();

    public ShardedNodes(RedisEndpoint endpoint, SubscriptionMode mode) {
        this.mode = mode;
        this.probe = new RedisProbe(endpoint);
        for (int i = 0; i < 3; i++) {
            adapters.add(
                    new ShardedAdapter(AdapterConfig.sharded(endpoint, mode).withKey(prefix)));
        }
    }

    /** Also waits for the subscriptions of the clients' own rooms (dynamic-private mode subscribes them). */
    @Override
    public Trio<ShardedAdapter> open(String nsp) {
        Trio<ShardedAdapter> trio = new Trio<>(adapters, nsp);
        awaitSubscriptions(trio);
        return trio;
    }

    static ShardedNamespace sharded(Trio<? extends Adapter> trio, int oneBased) {
        return (ShardedNamespace) trio.node(oneBased).cluster();
    }

    @Override
    public int pendingRequests(Trio<? extends Adapter> trio, int oneBased) {
        return sharded(trio, oneBased).pendingRequests();
    }

    /** Each room channel has one subscriber per node hosting the room, and no channel of the namespace is left over. */
    @Override
    public void awaitSubscriptions(Trio<? extends Adapter> trio) {
        List<ShardedNamespace> spaces = new ArrayList<>();
        for (int i = 1; i <= trio.nodes.size(); i++) {
            spaces.add(sharded(trio, i));
        }
        String namespaceChannel = spaces.get(0).channels().namespaceChannel();
        await().atMost(WAIT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> {
                    Map<String, Long> expected = new HashMap<>();
                    spaces.forEach(ns -> ns.roomChannels().forEach(c -> expected.merge(c, 1L, Long::sum)));
                    for (Map.Entry<String, Long> e : expected.entrySet()) {
                        assertThat(probe.shardNumSub(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
                    }
                    List<String> stale = new ArrayList<>(probe.shardChannels(namespaceChannel + "*"));
                    stale.removeIf(c -> expected.containsKey(c)
                            || c.equals(namespaceChannel)
                            || spaces.stream()
                                    .anyMatch(ns -> c.equals(ns.channels().responseChannel(ns.uid()))));
                    assertThat(stale).as("channels nobody should subscribe").isEmpty();
                });
    }

    @Override
    public void close() {
        adapters.forEach(ShardedAdapter::close);
        probe.close();
    }
}
