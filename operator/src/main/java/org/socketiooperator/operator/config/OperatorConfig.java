package org.socketiooperator.operator.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How this operator process runs, read from its environment.
 *
 * @param namespaces namespaces to watch; empty means all
 * @param serverSideApply write dependents with server-side apply (off against the mock API server)
 * @param probeInterval how often each cluster's Redis is checked again
 * @param probeTimeout how long one Redis check may take
 * @param nodeImage image of the nodes when a cluster names none
 * @param leaderElection take a Lease before reconciling, so several replicas can run
 * @param leaseNamespace namespace of that Lease; null means the client's namespace
 * @param metricsPort port of the Prometheus endpoint; 0 disables it
 * @param nodeImageRollouts clusters that may roll to a new default node image at once (after an operator
 *     upgrade); 0: none, until a cluster is annotated socketiooperator.org/roll-default-image=true
 */
public record OperatorConfig(
        Set<String> namespaces,
        boolean serverSideApply,
        Duration probeInterval,
        Duration probeTimeout,
        String nodeImage,
        boolean leaderElection,
        String leaseNamespace,
        int metricsPort,
        int nodeImageRollouts) {

    public static final String IMAGE_REPOSITORY = "ghcr.io/socketio-operator/socketio-node";
    public static final String OPERATOR_IMAGE_REPOSITORY = "ghcr.io/socketio-operator/socketio-operator";

    /** Clusters rolling a new default node image at once unless the operator is told otherwise. */
    public static final int DEFAULT_NODE_IMAGE_ROLLOUTS = 1;

    public OperatorConfig {
        namespaces = Set.copyOf(namespaces);
        if (nodeImageRollouts < 0) {
            throw new IllegalArgumentException("NODE_IMAGE_ROLLOUTS must not be negative");
        }
    }

    /** With the default number of default-image rollouts at once. */
    public OperatorConfig(
            Set<String> namespaces,
            boolean serverSideApply,
            Duration probeInterval,
            Duration probeTimeout,
            String nodeImage,
            boolean leaderElection,
            String leaseNamespace,
            int metricsPort) {
        this(
                namespaces,
                serverSideApply,
                probeInterval,
                probeTimeout,
                nodeImage,
                leaderElection,
                leaseNamespace,
                metricsPort,
                DEFAULT_NODE_IMAGE_ROLLOUTS);
    }

    public static String defaultNodeImage() {
        return IMAGE_REPOSITORY + ":" + ProjectVersion.get();
    }

    /**
     * Defaults for tests: all namespaces, no server-side apply, no leader election, no metrics port. The
     * re-check interval is the production one, so a test cannot pass because the timer caught a missed event.
     */
    public static OperatorConfig forTests() {
        return new OperatorConfig(
                Set.of(), false, Duration.ofSeconds(60), Duration.ofSeconds(2), defaultNodeImage(), false, null, 0);
    }

    public static OperatorConfig fromEnvironment(Map<String, String> env) {
        return new OperatorConfig(
                Arrays.stream(env.getOrDefault("WATCH_NAMESPACES", "").split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toSet()),
                Boolean.parseBoolean(env.getOrDefault("SERVER_SIDE_APPLY", "true")),
                Duration.ofSeconds(positiveLong(env, "REDIS_PROBE_INTERVAL_SECONDS", 60)),
                Duration.ofMillis(positiveLong(env, "REDIS_PROBE_TIMEOUT_MS", 3000)),
                env.getOrDefault("NODE_IMAGE", defaultNodeImage()),
                Boolean.parseBoolean(env.getOrDefault("LEADER_ELECTION", "true")),
                env.get("LEASE_NAMESPACE"),
                (int) positiveLong(env, "METRICS_PORT", 8080),
                (int) positiveLong(env, "NODE_IMAGE_ROLLOUTS", DEFAULT_NODE_IMAGE_ROLLOUTS));
    }

    private static long positiveLong(Map<String, String> env, String name, long fallback) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value < 0) {
                throw new IllegalArgumentException(name + " must not be negative, got " + raw);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + raw + "'", e);
        }
    }
}
