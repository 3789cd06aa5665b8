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
import org.socketiooperator.operator.testing.RedisServerProcess;

/**
 * The probe against real servers of this test on 16400-16403 (with a password, without sharded Pub/Sub,
 * in cluster mode, plain) and a port nothing listens on (16409).
 */
class LettuceRedisProberIT {
    private static final int PASSWORD_PORT = 16400;
    private static final int NO_SHARDED_PORT = 16401;
    private static final int CLUSTER_PORT = 16402;
    private static final int PLAIN_PORT = 16403;
    private static final int CLOSED_PORT = 16409;
    private static final String PASSWORD = "probe-pw-" + Long.toHexString(System.nanoTime());

    private static RedisServerProcess withPassword;
    private static RedisServerProcess withoutSharded;
    private static RedisServerProcess cluster;
    private static RedisServerProcess plain;
    private static LettuceRedisProber prober;

    @BeforeAll
    static void start() throws Exception {
        withPassword = RedisServerProcess.start(PASSWORD_PORT, "--requirepass", PASSWORD);
        withoutSharded = RedisServerProcess.start(NO_SHARDED_PORT, "--rename-command", "SPUBLISH", "");
        cluster = RedisServerProcess.start(
                CLUSTER_PORT, "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + CLUSTER_PORT + ".conf");
        plain = RedisServerProcess.start(PLAIN_PORT);
        prober = new LettuceRedisProber(Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        if (prober != null) {
            prober.close();
        }
        for (RedisServerProcess server : new RedisServerProcess[] {withPassword, withoutSharded, cluster, plain}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void aPlainRedisIsReachableWithVersionTopologyAndShardedPubSub() {
        ProbeOutcome outcome = prober.probe(target(PLAIN_PORT, null, null));
        assertThat(outcome).isInstanceOf(ProbeOutcome.Reachable.class);
        ProbeOutcome.Reachable reachable = (ProbeOutcome.Reachable) outcome;
        assertThat(reachable.version()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(reachable.topology()).isEqualTo(DetectedTopology.STANDALONE);
        assertThat(reachable.shardedPubSub()).as("Redis " + reachable.version()).isEqualTo(major(reachable) >= 7);
    }

    @Test
    void theRightPasswordIsAccepted() {
        assertThat(prober.probe(target(PASSWORD_PORT, null, PASSWORD))).isInstanceOf(ProbeOutcome.Reachable.class);
    }

    @Test
    void aWrongPasswordIsReportedWithoutRevealingIt() {
        String wrong = "not-the-" + PASSWORD;
        ProbeOutcome.Unreachable outcome = unreachable(target(PASSWORD_PORT, null, wrong));
        assertThat(outcome.reason()).isEqualTo("AuthenticationFailed");
        assertThat(outcome.message())
                .contains("127.0.0.1:" + PASSWORD_PORT)
                .contains("Secret")
                .doesNotContain(wrong);
    }

    @Test
    void aMissingPasswordIsReported() {
        ProbeOutcome.Unreachable outcome = unreachable(target(PASSWORD_PORT, null, null));
        assertThat(outcome.reason()).isEqualTo("AuthenticationRequired");
        assertThat(outcome.message()).contains("spec.redis.auth");
    }

    @Test
    void anAclUserCanAuthenticate() {
        String user = "probe-user-" + Long.toHexString(System.nanoTime());
        RedisClient admin = RedisClient.create(RedisURI.builder()
                .withHost("127.0.0.1")
                .withPort(PASSWORD_PORT)
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
        assertThat(prober.probe(target(PASSWORD_PORT, user, "user-pw"))).isInstanceOf(ProbeOutcome.Reachable.class);
        assertThat(unreachable(target(PASSWORD_PORT, user, "nope")).reason()).isEqualTo("AuthenticationFailed");
    }

    @Test
    void aClosedPortIsReportedAsRefused() {
        assertThat(RedisServerProcess.accepts(CLOSED_PORT))
                .as("nothing may listen on " + CLOSED_PORT)
                .isFalse();
        ProbeOutcome.Unreachable outcome = unreachable(target(CLOSED_PORT, null, null));
        assertThat(outcome.reason()).isEqualTo("ConnectionRefused");
        assertThat(outcome.message()).contains("127.0.0.1:" + CLOSED_PORT);
    }

    @Test
    void tlsAgainstAPlainServerIsReportedAsATlsProblem() {
        RedisTarget tls = new RedisTarget(
                List.of(new HostPort("127.0.0.1", PASSWORD_PORT)), 0, true, null, null, PASSWORD.toCharArray());
        ProbeOutcome.Unreachable outcome = unreachable(tls);
        assertThat(outcome.reason()).isIn("TlsHandshakeFailed", "ConnectionClosed", "Timeout");
        assertThat(outcome.message()).containsIgnoringCase("tls").doesNotContain(PASSWORD);
    }

    @Test
    void aServerWithoutShardedPubSubIsDetected() {
        ProbeOutcome outcome = prober.probe(target(NO_SHARDED_PORT, null, null));
        assertThat(outcome).isInstanceOf(ProbeOutcome.Reachable.class);
        assertThat(((ProbeOutcome.Reachable) outcome).shardedPubSub()).isFalse();
    }

    @Test
    void aClusterNodeIsDetectedAsClusterAndSeedsAreTriedInOrder() {
        RedisTarget seeds = new RedisTarget(
                List.of(new HostPort("127.0.0.1", CLOSED_PORT), new HostPort("127.0.0.1", CLUSTER_PORT)),
                0,
                false,
                null,
                null,
                null);
        ProbeOutcome outcome = prober.probe(seeds);
        assertThat(outcome).isInstanceOf(ProbeOutcome.Reachable.class);
        assertThat(((ProbeOutcome.Reachable) outcome).topology()).isEqualTo(DetectedTopology.CLUSTER);
        assertThat(outcome.endpoint()).isEqualTo("127.0.0.1:" + CLUSTER_PORT);
    }

    @Test
    void aTargetNeverShowsItsPassword() {
        assertThat(target(PASSWORD_PORT, "u", PASSWORD).toString())
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
