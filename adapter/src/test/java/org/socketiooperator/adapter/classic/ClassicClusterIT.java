package org.socketiooperator.adapter.classic;

import java.time.Duration;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.testsupport.RedisCluster;

/** The classic checklist over a 3-master Redis Cluster this class starts (ports 16410-16412). */
class ClassicClusterIT extends ClassicConformanceTests {

    private RedisCluster cluster;

    @Override
    RedisEndpoint endpoint() {
        if (cluster == null) {
            cluster = RedisCluster.start(16410, 3);
            ClusterBusWarmup.awaitPropagation(cluster.nodes(), Duration.ofSeconds(30));
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
        }
        return RedisEndpoint.cluster(cluster.uris());
    }

    @Override
    void releaseRedis() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
