package org.socketiooperator.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.factory.Adapters;
import org.socketiooperator.adapter.testing.FakeNamespace;
import org.socketiooperator.adapter.testing.FakeSocket;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.sharded.SubscriptionMode;
import org.socketiooperator.testsupport.RedisCluster;
import org.socketiooperator.testsupport.TestCertificates;
import org.socketiooperator.testsupport.TlsRedis;

/**
 * Both adapter modes against a TLS-only redis-server of the test's own (certificates made
 * at test time), logged in as an ACL user: cross-node broadcasts flow, and a client that does not
 * trust the server's CA, or uses a wrong password, fails at once with a readable message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsAndAclIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ADMIN_PASSWORD = "admin-pw";

    private TlsRedis redis;
    private RedisEndpoint endpoint;
    private final List<Adapter> adapters = new ArrayList<>();

    @BeforeAll
    void start() {
        redis = TlsRedis.startOnFreePort("--requirepass", ADMIN_PASSWORD);
        RedisCluster.cli(
                redis.port(),
                "--tls",
                "--cacert",
                redis.certificates().caCert().toString(),
                "--no-auth-warning",
                "-a",
                ADMIN_PASSWORD,
                "ACL",
                "SETUSER",
                "node",
                "on",
                ">node-pw",
                "~*",
                "&*",
                "+@all");
        endpoint = RedisEndpoint.standalone(redis.uri())
                .withCredentials("node", "node-pw")
                .withCaFile(redis.certificates().caCert());
    }

    @AfterAll
    void stop() {
        adapters.forEach(Adapter::close);
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void classicNodesBroadcastOverTls() {
        assertCrossNodeBroadcast(AdapterConfig.classic(endpoint).withKey("tls-classic"));
    }

    @Test
    void shardedNodesBroadcastOverTlsInEveryMode() {
        for (SubscriptionMode mode : SubscriptionMode.values()) {
            assertCrossNodeBroadcast(AdapterConfig.sharded(endpoint, mode).withKey("tls-sharded-" + mode));
        }
    }

    @Test
    void anUntrustedServerCertificateFailsFastWithAReadableMessage() {
        RedisEndpoint otherCa =
                endpoint.withCaFile(TestCertificates.generate("other").caCert());
        for (AdapterConfig config :
                List.of(AdapterConfig.classic(otherCa), AdapterConfig.sharded(otherCa, SubscriptionMode.DYNAMIC))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> Adapters.create(config).close())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot connect to Redis")
                    .hasMessageContaining("certificate")
                    .message()
                    .doesNotContain("node-pw");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void shardedAclUserWithAWrongPasswordIsRefusedWithoutLeakingIt() {
        RedisEndpoint wrong = endpoint.withCredentials("node", "not-the-pw");
        assertThatThrownBy(() -> Adapters.create(AdapterConfig.sharded(wrong, SubscriptionMode.DYNAMIC))
                        .close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot connect to Redis")
                .message()
                .doesNotContain("not-the-pw");
    }

    private void assertCrossNodeBroadcast(AdapterConfig config) {
        Adapter first = track(Adapters.create(config));
        Adapter second = track(Adapters.create(config));
        FakeNamespace senderSide = new FakeNamespace("/");
        FakeNamespace receiverSide = new FakeNamespace("/");
        NamespaceAdapter sender = first.attach(senderSide);
        second.attach(receiverSide);
        FakeSocket receiver = receiverSide.connect();
        receiverSide.join(receiver.id(), "tls-room");
        assertThat(first.health().connected()).as(first.health().detail()).isTrue();
        // A dynamic node subscribes its room channel asynchronously: resend until it is heard.
        await().atMost(WAIT).until(() -> {
            sender.broadcast(EventPacket.of("/", "secure", "hello"), BroadcastOptions.toRoom("tls-room"));
            return receiver.count("secure") > 0;
        });
        assertThat(receiver.argsOf("secure")).containsExactly("hello");
        assertThat(first.metrics().malformedDropped() + second.metrics().malformedDropped())
                .isZero();
    }

    private Adapter track(Adapter adapter) {
        adapters.add(adapter);
        return adapter;
    }
}
