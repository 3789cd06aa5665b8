package org.socketiooperator.operator.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.socketiooperator.operator.redis.ProbeOutcome.DetectedTopology;
import org.socketiooperator.operator.redis.RedisTarget.HostPort;

/**
 * Connects with Lettuce using the cluster's own credentials, then runs PING, INFO server and COMMAND INFO
 * SPUBLISH. One short-lived connection per check: the operator must not hold sockets to every Redis it
 * watches.
 */
public final class LettuceRedisProber implements RedisProber, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LettuceRedisProber.class);

    private final Duration timeout;
    private final ClientResources resources;

    public LettuceRedisProber(Duration timeout) {
        this.timeout = timeout;
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(1)
                .build();
    }

    @Override
    public ProbeOutcome probe(RedisTarget target) {
        ProbeOutcome.Unreachable firstFailure = null;
        for (HostPort seed : target.seeds()) {
            ProbeOutcome outcome = probeOne(target, seed);
            if (outcome instanceof ProbeOutcome.Unreachable failure) {
                firstFailure = firstFailure == null ? failure : firstFailure;
            } else {
                return outcome;
            }
        }
        if (target.seeds().size() == 1) {
            return firstFailure;
        }
        return new ProbeOutcome.Unreachable(
                target.describe(),
                firstFailure.reason(),
                "none of the " + target.seeds().size() + " seed nodes answered; first: " + firstFailure.message());
    }

    private ProbeOutcome probeOne(RedisTarget target, HostPort seed) {
        RedisClient client = RedisClient.create(resources);
        client.setOptions(options(target));
        try (StatefulRedisConnection<String, String> connection = client.connect(uri(target, seed))) {
            RedisCommands<String, String> commands = connection.sync();
            commands.ping();
            Map<String, String> info = InfoParser.parse(commands.info("server"));
            String version = info.getOrDefault("redis_version", "unknown");
            DetectedTopology topology =
                    "cluster".equals(info.get("redis_mode")) ? DetectedTopology.CLUSTER : DetectedTopology.STANDALONE;
            return new ProbeOutcome.Reachable(seed.toString(), version, topology, hasCommand(commands, "SPUBLISH"));
        } catch (RuntimeException e) {
            ProbeOutcome.Unreachable outcome = ProbeFailures.explain(seed.toString(), target, e, timeout);
            LOG.debug("Redis check of {} failed: {}", seed, outcome.message());
            return outcome;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    private static boolean hasCommand(RedisCommands<String, String> commands, String name) {
        List<Object> info = commands.commandInfo(name);
        return !info.isEmpty() && info.get(0) != null;
    }

    private ClientOptions options(RedisTarget target) {
        ClientOptions.Builder builder = ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // RESP2 works on every Redis version; HELLO (RESP3) needs Redis 6.
                .protocolVersion(ProtocolVersion.RESP2)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout));
        if (target.tls() && (target.caPem() != null || target.clientCertificate() != null)) {
            SslOptions.Builder ssl = SslOptions.builder();
            if (target.caPem() != null) {
                byte[] pem = target.caPem();
                ssl.trustManager((SslOptions.Resource) () -> new ByteArrayInputStream(pem));
            }
            if (target.clientCertificate() != null) {
                byte[] cert = target.clientCertificate().certPem();
                byte[] key = target.clientCertificate().keyPem();
                ssl.keyManager(
                        (SslOptions.Resource) () -> new ByteArrayInputStream(cert),
                        (SslOptions.Resource) () -> new ByteArrayInputStream(key),
                        null);
            }
            builder.sslOptions(ssl.build());
        }
        return builder.build();
    }

    private RedisURI uri(RedisTarget target, HostPort seed) {
        RedisURI.Builder builder = RedisURI.builder()
                .withHost(seed.host())
                .withPort(seed.port())
                .withDatabase(target.database())
                .withSsl(target.tls())
                .withTimeout(timeout)
                .withClientName("socketio-operator-probe");
        if (target.password() != null) {
            if (target.username() != null) {
                builder.withAuthentication(target.username(), target.password());
            } else {
                builder.withPassword(target.password());
            }
        }
        return builder.build();
    }

    @Override
    public void close() {
        resources.shutdown(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
}
