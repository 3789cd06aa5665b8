package org.socketiooperator.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisProcessesIT {

    @Test
    void startsAPasswordProtectedServerAndStopsIt() {
        try (RedisServer server = RedisServer.start(16990, "--requirepass", "s3cret")) {
            assertThat(RedisCluster.cli(server.port(), "PING")).contains("NOAUTH");
            server.restart();
            assertThat(server.isRunning()).isTrue();
        }
        assertThat(RedisServer.Ports.isOpen(16990)).isFalse();
    }

    @Test
    void startsAThreeMasterCluster() {
        try (RedisCluster cluster = RedisCluster.start(16991, 3)) {
            assertThat(RedisCluster.cli(16991, "CLUSTER", "INFO")).contains("cluster_known_nodes:3");
        }
        assertThat(RedisServer.Ports.isOpen(16991)).isFalse();
    }
}
