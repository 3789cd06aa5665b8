package org.socketiooperator.operator.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.socketiooperator.operator.redis.ProbeOutcome.DetectedTopology;
import org.socketiooperator.operator.redis.RedisTarget.HostPort;
import org.socketiooperator.testsupport.LoopbackPorts;
import org.socketiooperator.testsupport.RedisServer;

/**
 * The probe against real servers of this test on free loopback ports (with a password, without sharded Pub/Sub,
 * in cluster mode, plain) and a port nothing listens on.
 */
class LettuceRedisProberIT {
    private static final String PASSWORD = "probe-pw-" + Long.toHexString(System.nanoTime());

    private static RedisServer withPassword;
    private static RedisServer withoutSharded;
    private static RedisServer cluster;
    private static RedisServer plain;
    private static int passwordPort;
    private static int noShardedPort;
    private static int clusterPort;
    private static int plainPort;
    private static int closedPort;
    private static LettuceRedisProber prober;

    @BeforeAll
    static void start() throws Exception {
        withPassword = RedisServer.startOnFreePort("--requirepass", PASSWORD);
        withoutSharded = RedisServer.startOnFreePort("--rename-command", "SPUBLISH", "");
        cluster = RedisServer.startOnFreePort("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf");
        plain = RedisServer.startOnFreePort();
        passwordPort = withPassword.port();
        noShardedPort = withoutSharded.port();
        clusterPort = cluster.port();
        plainPort = plain.port();
        closedPort = LoopbackPorts.free();
        prober = new LettuceRedisProber(Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        if (prober != null) {
            prober.close();
        }
        for (RedisServer server : new RedisServer[] {withPassword, withoutSharded, cluster, plain}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void aPlainRedisIsReachableWithVersionTopologyAndShardedPubSub() {
        ProbeOutcome outcome = prober.probe(target(plainPort, null, null));
        assertThat(outcome).isInstanceOf(ProbeOutcome.Reachable.class);
        ProbeOutcome.Reachable reachable = (ProbeOutcome.Reachable) outcome;
        assertThat(reachable.version()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(reachable.topology()).isEqualTo(DetectedTopology.STANDALONE);
        assertThat(reachable.shardedPubSub()).as("Redis " + reachable.version()).isEqualTo(major(reachable) >= 7);
    }

    @Test
    void theRightPasswordIsAccepted() {
        assertThat(prober.probe(target(passwordPort, null, PASSWORD))).isInstanceOf(ProbeOutcome.Reachable.class);
    }

    @Test
    void aWrongPasswordIsReportedWithoutRevealingIt() {
        String wrong = "not-the-" + PASSWORD;
        ProbeOutcome.Unreachable outcome = unreachable(target(passwordPort, null, wrong));
        assertThat(outcome.reason()).isEqualTo("AuthenticationFailed");
        assertThat(outcome.message())
                .contains("127.0.0.1:" + passwordPort)
                .contains("Secret")
                .doesNotContain(wrong);
    }

    @Test
    void aMissingPasswordIsReported() {
        ProbeOutcome.Unreachable outcome = unreachable(target(passwordPort, null, null));
        assertThat(outcome.reason()).isEqualTo("AuthenticationRequired");
        assertThat(outcome.message()).contains("spec.redis.auth");
    }

    @Test
    void anAclUserCanAuthenticate() {
        String user = "probe-user-" + Long.toHexString(System.nanoTime());
        RedisClient admin = RedisClient.create(RedisURI.builder()
                .withHost("127.0.0.1")
                .withPort(passwordPort)
                .withPassword(PASSWORD.toCharArray())
                .build());
        try (StatefulRedisConnection<String, String> connection = admin.connect()) {
            connection
                    .sync()
                    .aclSetuser(
                            user,
                            io.lettuce.core.AclSetuserArgs.Builder.on()
                                    .addPassword("user-pw")
                                    .allCommands()
                                    .allKeys());
        } finally {
            admin.shutdown();
        }
        assertThat(prober.probe(target(passwordPort, user, "user-pw"))).isInstanceOf(ProbeOutcome.Reachable.class);
        assertThat(unreachable(target(passwordPort, user, "nope")).reason()).isEqualTo("AuthenticationFailed");
    }

    @Test
    void aClosedPortIsReportedAsRefused() {
        assertThat(RedisServer.isListening(closedPort))
                .as("nothing may listen on " + closedPort)
                .isFalse();
        ProbeOutcome.Unreachable outcome = unreachable(target(closedPort, null, null));
        assertThat(outcome.reason()).isEqualTo("ConnectionRefused");
        assertThat(outcome.message()).contains("127.0.0.1:" + closedPort);
    }

    @Test
    void tlsAgainstAPlainServerIsReportedAsATlsProblem() {
        RedisTarget tls = new RedisTarget(
                List.of(new HostPort("127.0.0.1", passwordPort)), 0, true, null, null, PASSWORD.toCharArray());
        ProbeOutcome.Unreachable outcome = unreachable(tls);
        assertThat(outcome.reason()).isIn("TlsHandshakeFailed", "ConnectionClosed", "Timeout");
        assertThat(outcome.message()).containsIgnoringCase("tls").doesNotContain(PASSWORD);
    }

    @Test
    void aServerWithoutShardedPubSubIsDetected() {
        ProbeOutcome outcome = prober.probe(target(noShardedPort, null, null));
        assertThat(outcome).isInstanceOf(ProbeOutcome.Reachable.class);
        assertThat(((ProbeOutcome.Reachable) outcome).shardedPubSub()).isFalse();
    }

    @Test
    void aClusterNodeIsDetectedAsClusterAndSeedsAreTriedInOrder() {
        RedisTarget seeds = new RedisTarget(
                List.of(new HostPort("127.0.0.1", closedPort), new HostPort("127.0.0.1", clusterPort)),
                0,
                false,
                null,
                null,
                null);
        ProbeOutcome outcome = prober.probe(seeds);
        assertThat(outcome).isInstanceOf(ProbeOutcome.Reachable.class);
        assertThat(((ProbeOutcome.Reachable) outcome).topology()).isEqualTo(DetectedTopology.CLUSTER);
        assertThat(outcome.endpoint()).isEqualTo("127.0.0.1:" + clusterPort);
    }

    @Test
    void aTargetNeverShowsItsPassword() {
        assertThat(target(passwordPort, "u", PASSWORD).toString())
                .doesNotContain(PASSWORD)
                .contains("with password");
    }

    private static ProbeOutcome.Unreachable unreachable(RedisTarget target) {
        ProbeOutcome outcome = prober.probe(target);
        assertThat(outcome).isInstanceOf(ProbeOutcome.Unreachable.class);
        return (ProbeOutcome.Unreachable) outcome;
    }

    private static RedisTarget target(int port, String user, String password) {
        return new RedisTarget(
                List.of(new HostPort("127.0.0.1", port)),
                0,
                false,
                null,
                user,
                password == null ? null : password.toCharArray());
    }

    private static int major(ProbeOutcome.Reachable reachable) {
        return Integer.parseInt(
                reachable.version().substring(0, reachable.version().indexOf('.')));
    }
}
