package org.socketiooperator.adapter.failover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.testsupport.RedisCluster;

/**
 * A 3-master + 3-replica cluster for one test class, started once and stopped with every adapter the
 * test made. Replicas must have finished their first sync before a master is killed: an out-of-date
 * replica is never promoted and its shard would stay down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReplicaClusterFixture {

    static final Duration WAIT = Duration.ofSeconds(25);

    RedisCluster cluster;
    final List<Adapter> adapters = new ArrayList<>();

    @BeforeAll
    void startCluster() {
        cluster = RedisCluster.startOnFreePorts(3, 1);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
        ClusterLayout.awaitReplicasInSync(cluster, 3, WAIT);
    }

    @AfterAll
    void stopCluster() {
        adapters.forEach(Adapter::close);
        if (cluster != null) {
            cluster.close();
        }
    }
}
