package org.socketiooperator.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.socketiooperator.operator.config.OperatorConfig;
import org.socketiooperator.operator.metrics.OperatorMetrics;
import org.socketiooperator.operator.testing.FakeRedisProber;
import org.socketiooperator.operator.testing.Manifests;
import org.socketiooperator.operator.testing.MockApiServer;

/** Two operator replicas with leader election: only the holder of the Lease reconciles. */
class LeaderElectionTest {
    @Test
    void onlyTheLeaderReconciles() throws Exception {
        try (MockApiServer api = new MockApiServer()) {
            OperatorConfig config = new OperatorConfig(
                    Set.of(),
                    false,
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(2),
                    OperatorConfig.defaultNodeImage(),
                    true,
                    "operators",
                    0);
            OperatorMetrics firstMetrics = new OperatorMetrics();
            OperatorMetrics secondMetrics = new OperatorMetrics();
            Operator first = SocketIoOperator.create(api.client(), config, new FakeRedisProber(), firstMetrics, false);
            Operator second =
                    SocketIoOperator.create(api.client(), config, new FakeRedisProber(), secondMetrics, false);
            try {
                first.start();
                Lease lease = await().atMost(Duration.ofSeconds(20))
                        .until(
                                () -> api.client()
                                        .leases()
                                        .inNamespace("operators")
                                        .withName(SocketIoOperator.LEASE_NAME)
                                        .get(),
                                l -> l != null && l.getSpec().getHolderIdentity() != null);
                second.start();

                api.client()
                        .resource(Manifests.cluster("led", "team", Manifests.MINIMAL_SPEC))
                        .create();
                await().atMost(Duration.ofSeconds(20))
                        .until(
                                () -> api.client()
                                        .apps()
                                        .statefulSets()
                                        .inNamespace("team")
                                        .withName("led")
                                        .get(),
                                (StatefulSet s) -> s != null);
                await().atMost(Duration.ofSeconds(20)).until(firstMetrics::succeeded, n -> n >= 1);

                assertThat(secondMetrics.succeeded())
                        .as("the replica without the Lease")
                        .isZero();
                assertThat(api.client()
                                .leases()
                                .inNamespace("operators")
                                .withName(SocketIoOperator.LEASE_NAME)
                                .get()
                                .getSpec()
                                .getHolderIdentity())
                        .isEqualTo(lease.getSpec().getHolderIdentity());
            } finally {
                second.stop();
                first.stop();
            }
        }
    }
}
