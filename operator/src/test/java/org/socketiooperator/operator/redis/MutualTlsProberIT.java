package org.socketiooperator.operator.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.socketiooperator.operator.redis.RedisTarget.ClientCertificate;
import org.socketiooperator.operator.redis.RedisTarget.HostPort;
import org.socketiooperator.testsupport.TestCertificates;
import org.socketiooperator.testsupport.TlsRedis;

/**
 * The probe against a redis-server of this test that asks every client for a certificate (mutual TLS, on a
 * free port): with the client certificate of spec.redis.tls.clientCertSecret it is reachable; without one, or with
 * one of another authority, it fails with a message that says what to change.
 */
class MutualTlsProberIT {
    private static TlsRedis redis;
    private static LettuceRedisProber prober;

    @BeforeAll
    static void start() {
        redis = TlsRedis.startMutualOnFreePort();
        prober = new LettuceRedisProber(Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        if (prober != null) {
            prober.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void withTheClientCertificateRedisIsReachable() throws IOException {
        TestCertificates certificates = redis.certificates();
        ProbeOutcome outcome =
                prober.probe(target(clientCertificate(certificates.clientCert(), certificates.clientKey())));
        assertThat(outcome).isInstanceOf(ProbeOutcome.Reachable.class);
    }

    @Test
    void withoutAClientCertificateTheMessageNamesTheField() throws IOException {
        ProbeOutcome.Unreachable outcome = unreachable(target(null));
        assertThat(outcome.reason()).isEqualTo("TlsHandshakeFailed");
        assertThat(outcome.message()).contains("asks for a client certificate").contains("clientCertSecret");
    }

    @Test
    void aCertificateOfAnotherAuthorityIsReportedAsRefused() throws IOException {
        TestCertificates other = TestCertificates.generate("other-probe-client");
        ProbeOutcome.Unreachable outcome =
                unreachable(target(clientCertificate(other.clientCert(), other.clientKey())));
        assertThat(outcome.reason()).isEqualTo("TlsHandshakeFailed");
        assertThat(outcome.message()).contains("refused").contains("signed by a CA Redis trusts");
    }

    private static ProbeOutcome.Unreachable unreachable(RedisTarget target) {
        ProbeOutcome outcome = prober.probe(target);
        assertThat(outcome).isInstanceOf(ProbeOutcome.Unreachable.class);
        return (ProbeOutcome.Unreachable) outcome;
    }

    private static ClientCertificate clientCertificate(Path cert, Path key) throws IOException {
        return new ClientCertificate(Files.readAllBytes(cert), Files.readAllBytes(key));
    }

    private static RedisTarget target(ClientCertificate certificate) throws IOException {
        return new RedisTarget(
                List.of(new HostPort("127.0.0.1", redis.port())),
                0,
                true,
                Files.readAllBytes(redis.certificates().caCert()),
                null,
                null,
                certificate);
    }
}
