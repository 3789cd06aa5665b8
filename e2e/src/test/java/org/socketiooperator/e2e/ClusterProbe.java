package org.socketiooperator.e2e;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Decides whether the e2e suite may run: only against a reachable cluster whose kubeconfig context is a
 * kind cluster, so a stray kubeconfig never lets the tests create and delete things in a real cluster.
 */
public final class ClusterProbe {

    /** Set to {@code true} to run against a context that is not {@code kind-*} (at your own risk). */
    public static final String ALLOW_ANY_CONTEXT = "E2E_ALLOW_ANY_CONTEXT";

    private ClusterProbe() {}

    /** The outcome of a probe: a connected client, or why the suite cannot run. */
    public sealed interface Reachability {
        record Reachable(KubernetesClient client, String context, String version) implements Reachability {}

        record Unreachable(String reason) implements Reachability {}
    }

    public static Reachability probe(Config config, boolean allowAnyContext) {
        String context = config.getCurrentContext() == null
                ? null
                : config.getCurrentContext().getName();
        if (context == null) {
            return new Reachability.Unreachable("no kubeconfig context (create one with e2e/kind-e2e.sh)");
        }
        if (!allowAnyContext && !context.startsWith("kind-")) {
            return new Reachability.Unreachable("kubeconfig context '" + context + "' is not a kind cluster (set "
                    + ALLOW_ANY_CONTEXT + "=true to use it anyway)");
        }
        // Fail fast: an absent cluster should cost seconds, not the client's default retries.
        config.setConnectionTimeout(3_000);
        config.setRequestTimeout(5_000);
        config.setRequestRetryBackoffLimit(0);
        KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build();
        try {
            String version = client.getKubernetesVersion().getGitVersion();
            return new Reachability.Reachable(client, context, version);
        } catch (RuntimeException e) {
            client.close();
            return new Reachability.Unreachable("kubeconfig context '" + context + "' at " + config.getMasterUrl()
                    + " does not answer (" + rootMessage(e) + ")");
        }
    }

    /** Probes the cluster of the environment's kubeconfig ({@code KUBECONFIG} or {@code ~/.kube/config}). */
    public static Reachability probeEnvironment() {
        Config config;
        try {
            config = Config.autoConfigure(null);
        } catch (RuntimeException e) {
            return new Reachability.Unreachable("kubeconfig unreadable (" + rootMessage(e) + ")");
        }
        return probe(config, Boolean.parseBoolean(System.getenv(ALLOW_ANY_CONTEXT)));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
