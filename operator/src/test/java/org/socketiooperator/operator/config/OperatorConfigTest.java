package org.socketiooperator.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {
    @Test
    void defaultsWatchEverythingWithServerSideApplyAndLeaderElection() {
        OperatorConfig config = OperatorConfig.fromEnvironment(Map.of());
        assertThat(config.namespaces()).isEmpty();
        assertThat(config.serverSideApply()).isTrue();
        assertThat(config.leaderElection()).isTrue();
        assertThat(config.probeInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.metricsPort()).isEqualTo(8080);
        assertThat(config.nodeImageRollouts()).isEqualTo(1);
        assertThat(config.nodeImage()).isEqualTo("ghcr.io/socketio-operator/socketio-node:" + ProjectVersion.get());
        assertThat(ProjectVersion.get()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void readsTheEnvironment() {
        OperatorConfig config = OperatorConfig.fromEnvironment(Map.of(
                "WATCH_NAMESPACES",
                "a, b,,",
                "SERVER_SIDE_APPLY",
                "false",
                "LEADER_ELECTION",
                "false",
                "REDIS_PROBE_INTERVAL_SECONDS",
                "15",
                "NODE_IMAGE",
                "me/node:1",
                "NODE_IMAGE_ROLLOUTS",
                "0"));
        assertThat(config.nodeImageRollouts()).isZero();
        assertThat(config.namespaces()).containsExactlyInAnyOrder("a", "b");
        assertThat(config.serverSideApply()).isFalse();
        assertThat(config.leaderElection()).isFalse();
        assertThat(config.probeInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.nodeImage()).isEqualTo("me/node:1");
    }

    @Test
    void aBadNumberIsAClearError() {
        assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("METRICS_PORT", "eighty")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("METRICS_PORT");
    }
}
