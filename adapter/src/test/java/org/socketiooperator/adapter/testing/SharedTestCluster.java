package org.socketiooperator.adapter.testing;

import java.time.Duration;
import java.util.List;
import org.socketiooperator.testsupport.RedisCluster;

/**
 * The 3-master Redis Cluster (on free loopback ports) that the module's non-destructive cluster tests share,
 * started on first use with every bus link up, stopped at exit. Tests that kill or reconfigure nodes
 * start their own. Users keep their keys and channel prefixes apart.
 */
public final class SharedTestCluster {

    private static RedisCluster cluster;

    private SharedTestCluster() {}

    public static synchronized List<String> uris() {
        if (cluster == null) {
            RedisCluster started = RedisCluster.startOnFreePorts(3);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
            ClusterBusWarmup.awaitPropagation(started.nodes(), Duration.ofSeconds(30));
            cluster = started;
        }
        return cluster.uris();
    }
}
