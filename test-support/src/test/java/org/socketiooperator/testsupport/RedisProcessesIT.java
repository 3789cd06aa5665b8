package org.socketiooperator.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisProcessesIT {

    @Test
    void startsAPasswordProtectedServerAndStopsIt() {
        int port;
        try (RedisServer server = RedisServer.startOnFreePort("--requirepass", "s3cret")) {
            port = server.port();
            assertThat(RedisCluster.cli(server.port(), "PING")).contains("NOAUTH");
            server.restart();
            assertThat(server.isRunning()).isTrue();
        }
        assertThat(RedisServer.Ports.isOpen(port)).isFalse();
    }

    @Test
    void startsAThreeMasterCluster() {
        int first;
        try (RedisCluster cluster = RedisCluster.startOnFreePorts(3)) {
            first = cluster.nodes().get(0).port();
            assertThat(RedisCluster.cli(first, "CLUSTER", "INFO")).contains("cluster_known_nodes:3");
        }
        assertThat(RedisServer.Ports.isOpen(first)).isFalse();
    }
}
