package org.socketiooperator.adapter.classic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.conformance.ThreeNodes;
import org.socketiooperator.adapter.testing.Trio;

/**
 * Three classic-mode nodes with a key of their own. Node 2 publishes its answers on the specific
 * response channels, the others on the shared one, so every request also proves that mixed settings
 * interoperate.
 */
public final class ClassicNodes implements ThreeNodes {

    final String key = "it-classic-" + UUID.randomUUID().toString().substring(0, 8);
    final List<ClassicAdapter> adapters = new ArrayList<>();

    public ClassicNodes(RedisEndpoint endpoint) {
        for (int i = 1; i <= 3; i++) {
            AdapterConfig config = AdapterConfig.classic(endpoint)
                    .withKey(key)
                    .withRequestsTimeout(Duration.ofMillis(1000))
                    .withPublishOnSpecificResponseChannel(i == 2);
            adapters.add(ClassicAdapter.create(config));
        }
    }

    @Override
    public Trio<ClassicAdapter> open(String nsp) {
        return new Trio<>(adapters, nsp);
    }

    @Override
    public int pendingRequests(Trio<? extends Adapter> trio, int oneBased) {
        return adapters.get(oneBased - 1).pendingRequests(trio.nsp);
    }

    @Override
    public void awaitSubscriptions(Trio<? extends Adapter> trio) {
        // classic nodes subscribe patterns and fixed channels once per namespace: nothing follows rooms
    }

    @Override
    public void close() {
        adapters.forEach(ClassicAdapter::close);
    }
}
