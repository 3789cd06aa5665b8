package org.socketiooperator.emitter;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.adapter.config.ClientCertificate;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.protocol.codec.PayloadFormat;
import org.socketiooperator.testsupport.TlsRedis;

/**
 * The emitter against a redis-server of the test's own that asks every client for a certificate
 * ({@code --tls-auth-clients yes}, on a free port): with the client certificate an emit is accepted, without one it
 * fails in time with a message naming the refusal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmitterMutualTlsIT {
    /** The first TLS connection of a cold JVM loads Netty, Lettuce and the JDK's TLS stack. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TlsRedis redis;
    private RedisEndpoint endpoint;

    @BeforeAll
    void start() {
        redis = TlsRedis.startMutualOnFreePort();
        endpoint = RedisEndpoint.standalone(redis.uri())
                .withCaFile(redis.certificates().caCert());
    }

    @AfterAll
    void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void withTheClientCertificateAnEmitIsAccepted() throws Exception {
        RedisEndpoint withCertificate = endpoint.withClientCertificate(new ClientCertificate(
                redis.certificates().clientCert(), redis.certificates().clientKey()));
        try (Emitter emitter = Emitter.create(options(withCertificate))) {
            emitter.to("room").emit("secure", 1).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutOneTheEmitFailsSayingWhy() {
        try (Emitter emitter = Emitter.create(options(endpoint))) {
            assertThatThrownBy(() ->
                            emitter.emit("secure").toCompletableFuture().get(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(EmitterException.class)
                    .hasMessageContaining("cannot connect to Redis")
                    .hasMessageContaining("certificate_required");
        }
    }

    private static EmitterOptions options(RedisEndpoint redis) {
        return EmitterOptions.builder()
                .redis(redis)
                .key("emitter-mtls")
                .parser(PayloadFormat.MSGPACK)
                .timeout(TIMEOUT)
                .build();
    }
}
