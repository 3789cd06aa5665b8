package org.socketiooperator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The skip path of the e2e suite, proven here where no cluster exists. */
class ClusterProbeTest {

    private static String kubeconfig(String context, String server) {
        return """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster:
                server: %s
            users:
            - name: u
              user:
                token: t
            contexts:
            - name: %s
              context:
                cluster: c
                user: u
            current-context: %s
            """.formatted(server, context, context);
    }

    /** A loopback port nobody listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aKindContextThatDoesNotAnswerIsUnreachableWithinSeconds() throws IOException {
        Config config = Config.fromKubeconfig(kubeconfig("kind-sio", "https://127.0.0.1:" + closedPort()));
        long start = System.nanoTime();

        ClusterProbe.Reachability result = ClusterProbe.probe(config, false);

        assertThat(result)
                .isInstanceOfSatisfying(
                        ClusterProbe.Reachability.Unreachable.class,
                        u -> assertThat(u.reason()).contains("kind-sio").contains("does not answer"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aContextThatIsNotKindIsRefusedWithoutContactingIt() {
        Config config = Config.fromKubeconfig(kubeconfig("prod-eu", "https://127.0.0.1:1"));

        ClusterProbe.Reachability result = ClusterProbe.probe(config, false);

        assertThat(result)
                .isInstanceOfSatisfying(
                        ClusterProbe.Reachability.Unreachable.class,
                        u -> assertThat(u.reason())
                                .contains("'prod-eu' is not a kind cluster")
                                .contains(ClusterProbe.ALLOW_ANY_CONTEXT));
    }

    @Test
    void anyContextIsTriedWhenAllowed() throws IOException {
        Config config = Config.fromKubeconfig(kubeconfig("prod-eu", "https://127.0.0.1:" + closedPort()));

        ClusterProbe.Reachability result = ClusterProbe.probe(config, true);

        assertThat(result)
                .isInstanceOfSatisfying(
                        ClusterProbe.Reachability.Unreachable.class,
                        u -> assertThat(u.reason()).contains("does not answer"));
    }
}
