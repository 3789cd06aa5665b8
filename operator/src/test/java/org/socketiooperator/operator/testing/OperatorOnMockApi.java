package org.socketiooperator.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.socketiooperator.operator.SocketIoOperator;
import org.socketiooperator.operator.config.OperatorConfig;
import org.socketiooperator.operator.metrics.OperatorMetrics;

/**
 * The whole operator (java-operator-sdk, informers, reconciler) against fabric8's mock API server, started
 * once per test class (informers take seconds to sync) and stopped after it. Tests keep apart by namespace
 * ({@link #freshNamespace()}). Register it with {@code @RegisterExtension static final OperatorOnMockApi
 * OPERATOR = new OperatorOnMockApi();}.
 */
public final class OperatorOnMockApi implements BeforeAllCallback, AfterAllCallback {
    private final OperatorConfig config;
    private final FakeRedisProber prober;
    private final OperatorMetrics metrics = new OperatorMetrics();
    private MockApiServer api;
    private Operator operator;

    public OperatorOnMockApi() {
        this(OperatorConfig.forTests(), new FakeRedisProber());
    }

    public OperatorOnMockApi(OperatorConfig config, FakeRedisProber prober) {
        this.config = config;
        this.prober = prober;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        api = new MockApiServer();
        operator = SocketIoOperator.create(api.client(), config, prober, metrics);
        operator.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (operator != null) {
            operator.stop();
        }
        if (api != null) {
            api.close();
        }
    }

    public MockApiServer api() {
        return api;
    }

    public KubernetesClient client() {
        return api.client();
    }

    public Operator operator() {
        return operator;
    }

    public FakeRedisProber prober() {
        return prober;
    }

    public OperatorMetrics metrics() {
        return metrics;
    }

    /** A namespace no other test uses. */
    public static String freshNamespace() {
        return "ns-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Waits until two reads 300 ms apart count the same API writes: the operator has settled. A write has no
     * "last one" event to wait on, so this polls.
     */
    public void awaitNoMoreWrites(Duration timeout) {
        AtomicLong last = new AtomicLong(-1);
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> api.writes() == last.getAndSet(api.writes()));
    }
}
