package org.socketiooperator.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.NamespaceAdapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.ClientCertificate;
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
 * Both adapter modes against a redis-server of the test's own that asks every client for a certificate
 * ({@code --tls-auth-clients yes}, on a free port), logged in as an ACL user: with the client certificate
 * broadcasts flow; without one the adapter fails at start with a message that says so, and a running adapter
 * the server starts refusing keeps serving its local sockets and comes back when it is let in again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutualTlsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ADMIN_PASSWORD = "admin-pw";

    private TlsRedis redis;
    private RedisEndpoint withCertificate;
    private final List<Adapter> adapters = new ArrayList<>();

    @BeforeAll
    void start() {
        redis = TlsRedis.startMutualOnFreePort("--requirepass", ADMIN_PASSWORD);
        cli("ACL", "SETUSER", "node", "on", ">node-pw", "~*", "&*", "+@all");
        TestCertificates certificates = redis.certificates();
        withCertificate = RedisEndpoint.standalone(redis.uri())
                .withCredentials("node", "node-pw")
                .withCaFile(certificates.caCert())
                .withClientCertificate(new ClientCertificate(certificates.clientCert(), certificates.clientKey()));
    }

    @AfterEach
    void askForCertificatesAgain() {
        cli("CONFIG", "SET", "tls-auth-clients", "yes");
        adapters.forEach(Adapter::close);
        adapters.clear();
    }

    @AfterAll
    void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void classicNodesWithTheClientCertificateBroadcast() {
        assertCrossNodeBroadcast(AdapterConfig.classic(withCertificate).withKey("mtls-classic"));
    }

    @Test
    void shardedNodesWithTheClientCertificateBroadcast() {
        assertCrossNodeBroadcast(
                AdapterConfig.sharded(withCertificate, SubscriptionMode.DYNAMIC).withKey("mtls-sharded"));
    }

    @Test
    void withoutAClientCertificateTheAdapterFailsAtStartSayingSo() {
        RedisEndpoint without = withCertificate.withClientCertificate(null);
        for (AdapterConfig config :
                List.of(AdapterConfig.classic(without), AdapterConfig.sharded(without, SubscriptionMode.DYNAMIC))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> Adapters.create(config).close())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot connect to Redis")
                    .hasMessageContaining("client certificate")
                    .message()
                    .doesNotContain("node-pw");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void aCertificateFromAnotherAuthorityIsRefusedSayingSo() {
        TestCertificates other = TestCertificates.generate("other-client");
        RedisEndpoint foreign =
                withCertificate.withClientCertificate(new ClientCertificate(other.clientCert(), other.clientKey()));
        assertThatThrownBy(() -> Adapters.create(AdapterConfig.classic(foreign)).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot connect to Redis")
                .hasMessageContaining("client certificate");
    }

    @Test
    void aRunningAdapterThatIsRefusedKeepsLocalDeliveryAndComesBack() {
        // Let clients without a certificate in, start one, then ask for certificates again and cut its links.
        cli("CONFIG", "SET", "tls-auth-clients", "optional");
        Adapter adapter = track(Adapters.create(AdapterConfig.classic(withCertificate.withClientCertificate(null))
                .withKey("mtls-refused")));
        FakeNamespace local = new FakeNamespace("/");
        NamespaceAdapter namespace = adapter.attach(local);
        FakeSocket socket = local.connect();
        local.join(socket.id(), "room");
        assertThat(adapter.health().connected()).as(adapter.health().detail()).isTrue();

        cli("CONFIG", "SET", "tls-auth-clients", "yes");
        cli("CLIENT", "KILL", "USER", "node");
        await().atMost(WAIT).until(() -> !adapter.health().connected());

        namespace.broadcast(EventPacket.of("/", "local", "still here"), BroadcastOptions.toRoom("room"));
        assertThat(socket.argsOf("local")).containsExactly("still here");

        cli("CONFIG", "SET", "tls-auth-clients", "optional");
        await().atMost(WAIT).until(() -> adapter.health().connected());
    }

    private void assertCrossNodeBroadcast(AdapterConfig config) {
        Adapter first = track(Adapters.create(config));
        Adapter second = track(Adapters.create(config));
        FakeNamespace senderSide = new FakeNamespace("/");
        FakeNamespace receiverSide = new FakeNamespace("/");
        NamespaceAdapter sender = first.attach(senderSide);
        second.attach(receiverSide);
        FakeSocket receiver = receiverSide.connect();
        receiverSide.join(receiver.id(), "mtls-room");
        assertThat(first.health().connected()).as(first.health().detail()).isTrue();
        // A dynamic node subscribes its room channel asynchronously: resend until it is heard.
        await().atMost(WAIT).until(() -> {
            sender.broadcast(EventPacket.of("/", "secure", "hello"), BroadcastOptions.toRoom("mtls-room"));
            return receiver.count("secure") > 0;
        });
        assertThat(receiver.argsOf("secure")).contains("hello");
    }

    private Adapter track(Adapter adapter) {
        adapters.add(adapter);
        return adapter;
    }

    private void cli(String... command) {
        List<String> args = new ArrayList<>(List.of(
                "--tls",
                "--cacert",
                redis.certificates().caCert().toString(),
                "--cert",
                redis.certificates().clientCert().toString(),
                "--key",
                redis.certificates().clientKey().toString(),
                "--no-auth-warning",
                "-a",
                ADMIN_PASSWORD));
        args.addAll(List.of(command));
        RedisCluster.cli(redis.port(), args.toArray(String[]::new));
    }
}
