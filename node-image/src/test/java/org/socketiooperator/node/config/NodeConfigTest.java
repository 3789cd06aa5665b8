package org.socketiooperator.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.AdapterMode;
import org.socketiooperator.adapter.config.RedisEndpoint.Topology;
import org.socketiooperator.adapter.config.StreamsOptions;
import org.socketiooperator.protocol.codec.PayloadFormat;
import org.socketiooperator.protocol.sharded.SubscriptionMode;
import org.socketiooperator.server.api.CorsOptions;
import org.socketiooperator.server.api.IoOptions.IoTransportKind;
import org.socketiooperator.server.api.Transport;

class NodeConfigTest {

    @Test
    void defaultsMatchTheNodeContract() {
        NodeConfig config = NodeConfig.fromEnvironment(Map.of());

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(3000);
        assertThat(config.managementPort()).isEqualTo(9090);
        assertThat(config.path()).isEqualTo("/socket.io");
        assertThat(config.transports()).containsExactlyInAnyOrder(Transport.POLLING, Transport.WEBSOCKET);
        assertThat(config.pingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(config.pingTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.maxHttpBufferSize()).isEqualTo(1_000_000);
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.cors()).isEqualTo(CorsOptions.SAME_ORIGIN_ONLY);
        assertThat(config.adapter()).isEmpty();
        assertThat(config.drainPeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.gateway()).isEqualTo(new GatewayConfig(true, false, 100));
        assertThat(config.pluginsDir()).isEmpty();
        assertThat(config.drainSignalFile()).isEmpty();
        assertThat(config.recovery()).isEmpty();
        assertThat(config.rebalance())
                .as("off: the node never disconnects a client on purpose")
                .isEmpty();
    }

    @Test
    void rebalanceHasItsDefaultsAndBounds() {
        RebalanceSettings defaults = NodeConfig.fromEnvironment(Map.of("SIO_REBALANCE_ENABLED", "true"))
                .rebalance()
                .orElseThrow();
        assertThat(defaults).isEqualTo(new RebalanceSettings(10, 20, Duration.ofSeconds(30)));
        RebalanceSettings set = NodeConfig.fromEnvironment(Map.of(
                        "SIO_REBALANCE_ENABLED",
                        "true",
                        "SIO_REBALANCE_MAX_DISCONNECTS_PER_SECOND",
                        "3",
                        "SIO_REBALANCE_TOLERANCE_PERCENT",
                        "0",
                        "SIO_REBALANCE_INTERVAL_MS",
                        "5000"))
                .rebalance()
                .orElseThrow();
        assertThat(set).isEqualTo(new RebalanceSettings(3, 0, Duration.ofSeconds(5)));
        assertThat(NodeConfig.fromEnvironment(Map.of("SIO_REBALANCE_MAX_DISCONNECTS_PER_SECOND", "3"))
                        .rebalance())
                .as("the settings alone do not turn it on")
                .isEmpty();
        assertThatThrownBy(() -> NodeConfig.fromEnvironment(
                        Map.of("SIO_REBALANCE_ENABLED", "true", "SIO_REBALANCE_MAX_DISCONNECTS_PER_SECOND", "0")))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.getMessage()).contains("SIO_REBALANCE_MAX_DISCONNECTS_PER_SECOND"));
    }

    @Test
    void connectionStateRecoveryHasTheOfficialDefaultsAndItsBounds() {
        RecoverySettings defaults = NodeConfig.fromEnvironment(Map.of("SIO_CONNECTION_STATE_RECOVERY", "true"))
                .recovery()
                .orElseThrow();
        assertThat(defaults.options().maxDisconnectionDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(defaults.options().skipMiddlewares()).isTrue();
        assertThat(defaults.limits().maxPackets()).isEqualTo(10_000);
        assertThat(defaults.limits().maxSessions()).isEqualTo(10_000);

        RecoverySettings set = NodeConfig.fromEnvironment(Map.of(
                        "SIO_CONNECTION_STATE_RECOVERY",
                        "true",
                        "SIO_MAX_DISCONNECTION_DURATION_MS",
                        "30000",
                        "SIO_RECOVERY_SKIP_MIDDLEWARES",
                        "false",
                        "SIO_RECOVERY_MAX_PACKETS",
                        "500",
                        "SIO_RECOVERY_MAX_SESSIONS",
                        "70"))
                .recovery()
                .orElseThrow();
        assertThat(set.options().maxDisconnectionDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(set.options().skipMiddlewares()).isFalse();
        assertThat(set.limits().maxDisconnectionDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(set.limits().maxPackets()).isEqualTo(500);
        assertThat(set.limits().maxSessions()).isEqualTo(70);

        assertThatThrownBy(() -> NodeConfig.fromEnvironment(
                        Map.of("SIO_CONNECTION_STATE_RECOVERY", "true", "SIO_RECOVERY_MAX_PACKETS", "0")))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.getMessage()).contains("SIO_RECOVERY_MAX_PACKETS"));
    }

    @Test
    void blankVariablesCountAsUnset() {
        NodeConfig config = NodeConfig.fromEnvironment(Map.of("SIO_PORT", "", "SIO_REDIS_URL", "  "));

        assertThat(config.port()).isEqualTo(3000);
        assertThat(config.adapter()).isEmpty();
    }

    @Test
    void readsEveryServerSetting(@TempDir Path plugins) {
        NodeConfig config = NodeConfig.fromEnvironment(Map.ofEntries(
                Map.entry("SIO_HOST", "127.0.0.1"),
                Map.entry("SIO_PORT", "4000"),
                Map.entry("SIO_MANAGEMENT_PORT", "4001"),
                Map.entry("SIO_PATH", "/rt/"),
                Map.entry("SIO_TRANSPORTS", "websocket"),
                Map.entry("SIO_PING_INTERVAL_MS", "1000"),
                Map.entry("SIO_PING_TIMEOUT_MS", "500"),
                Map.entry("SIO_MAX_HTTP_BUFFER_SIZE", "2048"),
                Map.entry("SIO_CONNECT_TIMEOUT_MS", "300"),
                Map.entry("SIO_CORS_ORIGINS", "https://a.example, http://localhost:8080"),
                Map.entry("SIO_CORS_CREDENTIALS", "true"),
                Map.entry("SIO_DRAIN_PERIOD_MS", "0"),
                Map.entry("SIO_GATEWAY_CLIENT_JOIN", "false"),
                Map.entry("SIO_GATEWAY_CLIENT_PUBLISH", "yes"),
                Map.entry("SIO_PLUGINS_DIR", plugins.toString()),
                Map.entry("SIO_DRAIN_SIGNAL_FILE", "/etc/socketio/pod/annotations")));

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(4000);
        assertThat(config.managementPort()).isEqualTo(4001);
        assertThat(config.path()).isEqualTo("/rt");
        assertThat(config.transports()).containsExactly(Transport.WEBSOCKET);
        assertThat(config.pingInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.pingTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.maxHttpBufferSize()).isEqualTo(2048);
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(config.cors().origins()).containsExactly("https://a.example", "http://localhost:8080");
        assertThat(config.cors().credentials()).isTrue();
        assertThat(config.drainPeriod()).isZero();
        assertThat(config.gateway()).isEqualTo(new GatewayConfig(false, true, 100));
        assertThat(config.pluginsDir()).contains(plugins);
        // Only a path: the kubelet may write the file after the node started.
        assertThat(config.drainSignalFile()).contains(Path.of("/etc/socketio/pod/annotations"));
    }

    @Test
    void eventLoopsDefaultToOnePerProcessorOnEpoll() {
        NodeConfig defaults = NodeConfig.fromEnvironment(Map.of());
        assertThat(defaults.io().threads()).isZero();
        assertThat(defaults.io().effectiveThreads())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(defaults.io().transport()).isEqualTo(IoTransportKind.EPOLL);
        assertThat(defaults.summary()).contains("ioTransport=epoll");

        NodeConfig set = NodeConfig.fromEnvironment(Map.of("SIO_IO_THREADS", "3", "SIO_NATIVE_TRANSPORT", "false"));
        assertThat(set.io().effectiveThreads()).isEqualTo(3);
        assertThat(set.io().transport()).isEqualTo(IoTransportKind.NIO);
        assertThat(set.summary()).contains("ioTransport=nio");

        assertThatThrownBy(() -> NodeConfig.fromEnvironment(Map.of("SIO_IO_THREADS", "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SIO_IO_THREADS");
    }

    @Test
    void ioTransportNamesTheKindOfEventLoop() {
        assertThat(NodeConfig.fromEnvironment(Map.of("SIO_IO_TRANSPORT", "io_uring"))
                        .io()
                        .transport())
                .isEqualTo(IoTransportKind.IO_URING);
        assertThat(NodeConfig.fromEnvironment(Map.of("SIO_IO_TRANSPORT", "IO-URING"))
                        .io()
                        .transport())
                .isEqualTo(IoTransportKind.IO_URING);
        assertThat(NodeConfig.fromEnvironment(Map.of("SIO_IO_TRANSPORT", "epoll", "SIO_NATIVE_TRANSPORT", "true"))
                        .io()
                        .transport())
                .isEqualTo(IoTransportKind.EPOLL);
        assertThat(NodeConfig.fromEnvironment(Map.of("SIO_IO_TRANSPORT", "nio", "SIO_NATIVE_TRANSPORT", "false"))
                        .io()
                        .transport())
                .isEqualTo(IoTransportKind.NIO);
        assertThat(NodeConfig.fromEnvironment(Map.of("SIO_IO_TRANSPORT", "io_uring"))
                        .summary())
                .contains("ioTransport=io_uring");

        assertThatThrownBy(() -> NodeConfig.fromEnvironment(Map.of("SIO_IO_TRANSPORT", "kqueue")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SIO_IO_TRANSPORT")
                .hasMessageContaining("io-uring");
        // the older switch and the new one must not contradict each other
        assertThatThrownBy(() -> NodeConfig.fromEnvironment(
                        Map.of("SIO_IO_TRANSPORT", "io_uring", "SIO_NATIVE_TRANSPORT", "false")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SIO_NATIVE_TRANSPORT");
    }

    @Test
    void portZeroMeansAnyFreePortForBothPorts() {
        NodeConfig config = NodeConfig.fromEnvironment(Map.of("SIO_PORT", "0", "SIO_MANAGEMENT_PORT", "0"));

        assertThat(config.port()).isZero();
        assertThat(config.managementPort()).isZero();
    }

    @Test
    void redisUrlGivesAClassicAdapterWithDefaults() {
        AdapterConfig adapter = NodeConfig.fromEnvironment(Map.of("SIO_REDIS_URL", "redis://127.0.0.1:6379"))
                .adapter()
                .orElseThrow();

        assertThat(adapter.mode()).isEqualTo(AdapterMode.CLASSIC);
        assertThat(adapter.redis().uris()).containsExactly("redis://127.0.0.1:6379");
        assertThat(adapter.redis().topology()).isEqualTo(Topology.STANDALONE);
        assertThat(adapter.redis().tls()).isFalse();
        assertThat(adapter.key()).isEqualTo("socket.io");
        assertThat(adapter.requestsTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(adapter.publishOnSpecificResponseChannel()).isFalse();
        assertThat(adapter.parser()).isEqualTo(PayloadFormat.MSGPACK);
        assertThat(adapter.subscriptionMode()).isEqualTo(SubscriptionMode.DYNAMIC);
    }

    @Test
    void readsEveryAdapterOption() {
        AdapterConfig adapter = NodeConfig.fromEnvironment(Map.of(
                        "SIO_REDIS_URL",
                        "redis://cache:6380/2",
                        "SIO_ADAPTER_MODE",
                        "sharded",
                        "SIO_ADAPTER_KEY",
                        "chat",
                        "SIO_ADAPTER_SUBSCRIPTION_MODE",
                        "dynamic-private",
                        "SIO_ADAPTER_REQUESTS_TIMEOUT_MS",
                        "750",
                        "SIO_ADAPTER_PUBLISH_ON_SPECIFIC_RESPONSE_CHANNEL",
                        "true",
                        "SIO_ADAPTER_PARSER",
                        "json"))
                .adapter()
                .orElseThrow();

        assertThat(adapter.redis().uris()).containsExactly("redis://cache:6380/2");
        assertThat(adapter.mode()).isEqualTo(AdapterMode.SHARDED);
        assertThat(adapter.key()).isEqualTo("chat");
        assertThat(adapter.subscriptionMode()).isEqualTo(SubscriptionMode.DYNAMIC_PRIVATE);
        assertThat(adapter.requestsTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(adapter.publishOnSpecificResponseChannel()).isTrue();
        assertThat(adapter.parser()).isEqualTo(PayloadFormat.JSON);
    }

    @Test
    void readsEveryStreamsOption() {
        AdapterConfig adapter = NodeConfig.fromEnvironment(Map.ofEntries(
                        Map.entry("SIO_REDIS_URL", "redis://cache:6380"),
                        Map.entry("SIO_ADAPTER_MODE", "streams"),
                        Map.entry("SIO_ADAPTER_KEY", "chat"),
                        Map.entry("SIO_ADAPTER_STREAM_NAME", "chat-stream"),
                        Map.entry("SIO_ADAPTER_STREAM_COUNT", "4"),
                        Map.entry("SIO_ADAPTER_USE_SHARDED_PUBSUB", "true"),
                        Map.entry("SIO_ADAPTER_MAX_LEN", "500"),
                        Map.entry("SIO_ADAPTER_READ_COUNT", "50"),
                        Map.entry("SIO_ADAPTER_BLOCK_TIME_MS", "2000"),
                        Map.entry("SIO_ADAPTER_SESSION_KEY_PREFIX", "chat:session:"),
                        Map.entry("SIO_ADAPTER_ONLY_PLAINTEXT", "true")))
                .adapter()
                .orElseThrow();

        assertThat(adapter.mode()).isEqualTo(AdapterMode.STREAMS);
        StreamsOptions streams = adapter.streams();
        assertThat(streams.channelPrefix()).isEqualTo("chat");
        assertThat(streams.streamName()).isEqualTo("chat-stream");
        assertThat(streams.streamCount()).isEqualTo(4);
        assertThat(streams.useShardedPubSub()).isTrue();
        assertThat(streams.maxLen()).isEqualTo(500);
        assertThat(streams.readCount()).isEqualTo(50);
        assertThat(streams.blockTimeInMs()).isEqualTo(2000);
        assertThat(streams.sessionKeyPrefix()).isEqualTo("chat:session:");
        assertThat(streams.onlyPlaintext()).isTrue();
        assertThat(adapter.maxDisconnectionDuration())
                .as("set by the node from the recovery settings")
                .isNull();
    }

    @Test
    void streamsOptionsDefaultToTheOfficialOnes() {
        AdapterConfig adapter = NodeConfig.fromEnvironment(
                        Map.of("SIO_REDIS_URL", "redis://cache:6380", "SIO_ADAPTER_MODE", "streams"))
                .adapter()
                .orElseThrow();
        assertThat(adapter.streams()).isEqualTo(StreamsOptions.DEFAULTS);
    }

    @Test
    void credentialsInTheUrlMoveOutOfTheLoggedUri() {
        NodeConfig config = NodeConfig.fromEnvironment(Map.of("SIO_REDIS_URL", "rediss://app:s%40cret@redis:6379"));
        AdapterConfig adapter = config.adapter().orElseThrow();

        assertThat(adapter.redis().uris()).containsExactly("rediss://redis:6379");
        assertThat(adapter.redis().username()).isEqualTo("app");
        assertThat(adapter.redis().password()).isEqualTo("s@cret");
        assertThat(adapter.redis().tls()).isTrue();
        assertThat(config.summary()).doesNotContain("cret");
        assertThat(adapter.redis().toString()).doesNotContain("cret");
    }

    @Test
    void credentialVariablesWinOverTheUrl() {
        AdapterConfig adapter = NodeConfig.fromEnvironment(Map.of(
                        "SIO_REDIS_URL",
                        "redis://old:pw@redis:6379",
                        "SIO_REDIS_USERNAME",
                        "new",
                        "SIO_REDIS_PASSWORD",
                        "secret"))
                .adapter()
                .orElseThrow();

        assertThat(adapter.redis().username()).isEqualTo("new");
        assertThat(adapter.redis().password()).isEqualTo("secret");
    }

    @Test
    void clusterSeedsImplyClusterTopologyAndTls(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        AdapterConfig adapter = NodeConfig.fromEnvironment(Map.of(
                        "SIO_REDIS_NODES",
                        "10.0.0.1:7000, 10.0.0.2:7001",
                        "SIO_REDIS_TLS",
                        "true",
                        "SIO_REDIS_TLS_CA_FILE",
                        ca.toString()))
                .adapter()
                .orElseThrow();

        assertThat(adapter.redis().topology()).isEqualTo(Topology.CLUSTER);
        assertThat(adapter.redis().uris()).containsExactly("rediss://10.0.0.1:7000", "rediss://10.0.0.2:7001");
        assertThat(adapter.redis().caFile()).isEqualTo(ca);
    }

    @Test
    void clusterTopologyWithAUrlUsesItAsTheSeed() {
        AdapterConfig adapter = NodeConfig.fromEnvironment(
                        Map.of("SIO_REDIS_URL", "redis://redis-cluster:6379", "SIO_REDIS_TOPOLOGY", "cluster"))
                .adapter()
                .orElseThrow();

        assertThat(adapter.redis().topology()).isEqualTo(Topology.CLUSTER);
        assertThat(adapter.redis().uris()).containsExactly("redis://redis-cluster:6379");
    }

    @Test
    void badValuesNameTheirVariable() {
        assertRejected(Map.of("SIO_PORT", "http"), "SIO_PORT", "whole number");
        assertRejected(Map.of("SIO_PORT", "70000"), "SIO_PORT", "0 to 65535");
        assertRejected(Map.of("SIO_MANAGEMENT_PORT", "3000"), "SIO_MANAGEMENT_PORT", "must differ");
        assertRejected(Map.of("SIO_PATH", "socket.io"), "SIO_PATH", "expected a path");
        assertRejected(Map.of("SIO_TRANSPORTS", "polling,flash"), "SIO_TRANSPORTS", "flash");
        assertRejected(Map.of("SIO_TRANSPORTS", " , "), "SIO_TRANSPORTS", "no transport");
        assertRejected(Map.of("SIO_PING_INTERVAL_MS", "0"), "SIO_PING_INTERVAL_MS", "from 1");
        assertRejected(Map.of("SIO_DRAIN_PERIOD_MS", "-1"), "SIO_DRAIN_PERIOD_MS", "from 0");
        assertRejected(Map.of("SIO_MAX_HTTP_BUFFER_SIZE", "1e6"), "SIO_MAX_HTTP_BUFFER_SIZE", "1e6");
        assertRejected(Map.of("SIO_CORS_ORIGINS", "example.com"), "SIO_CORS_ORIGINS", "example.com");
        assertRejected(
                Map.of("SIO_CORS_ORIGINS", "*", "SIO_CORS_CREDENTIALS", "true"), "SIO_CORS_CREDENTIALS", "wildcard");
        assertRejected(Map.of("SIO_GATEWAY_CLIENT_JOIN", "maybe"), "SIO_GATEWAY_CLIENT_JOIN", "true or false");
        assertRejected(Map.of("SIO_PLUGINS_DIR", "/does/not/exist"), "SIO_PLUGINS_DIR", "not a directory");
    }

    @Test
    void badRedisValuesNameTheirVariable() {
        assertRejected(Map.of("SIO_REDIS_URL", "http://redis:6379"), "SIO_REDIS_URL", "scheme 'http'");
        assertRejected(Map.of("SIO_REDIS_URL", "redis://"), "SIO_REDIS_URL", "");
        assertRejected(Map.of("SIO_REDIS_URL", "redis://host:6379/db0"), "SIO_REDIS_URL", "database number");
        assertRejected(Map.of("SIO_REDIS_URL", "redis://a:1", "SIO_REDIS_NODES", "b:2"), "SIO_REDIS_NODES", "not both");
        assertRejected(Map.of("SIO_REDIS_NODES", "redis-0"), "SIO_REDIS_NODES", "host:port");
        assertRejected(Map.of("SIO_REDIS_NODES", "redis-0:abc"), "SIO_REDIS_NODES", "bad port");
        assertRejected(
                Map.of("SIO_REDIS_NODES", "a:1", "SIO_REDIS_TOPOLOGY", "standalone"), "SIO_REDIS_TOPOLOGY", "cluster");
        assertRejected(
                Map.of("SIO_REDIS_URL", "redis://a:1", "SIO_REDIS_TOPOLOGY", "sentinel"),
                "SIO_REDIS_TOPOLOGY",
                "[standalone, cluster]");
        assertRejected(
                Map.of("SIO_REDIS_URL", "redis://a:1", "SIO_REDIS_TLS_CA_FILE", "/nope.pem"),
                "SIO_REDIS_TLS_CA_FILE",
                "cannot read");
        assertRejected(
                Map.of("SIO_REDIS_URL", "redis://a:1", "SIO_ADAPTER_MODE", "cluster"),
                "SIO_ADAPTER_MODE",
                "[classic, sharded, streams]");
        assertRejected(
                Map.of("SIO_REDIS_URL", "redis://a:1", "SIO_ADAPTER_MODE", "streams", "SIO_ADAPTER_STREAM_COUNT", "0"),
                "SIO_ADAPTER_STREAM_COUNT",
                "from 1 to 64");
        assertRejected(
                Map.of("SIO_REDIS_URL", "redis://a:1", "SIO_ADAPTER_BLOCK_TIME_MS", "0"),
                "SIO_ADAPTER_BLOCK_TIME_MS",
                "from 1 to 60000");
        assertRejected(
                Map.of("SIO_REDIS_URL", "redis://a:1", "SIO_ADAPTER_PARSER", "notepack"),
                "SIO_ADAPTER_PARSER",
                "notepack");
        assertRejected(
                Map.of("SIO_REDIS_URL", "redis://a:1", "SIO_ADAPTER_SUBSCRIPTION_MODE", "all"),
                "SIO_ADAPTER_SUBSCRIPTION_MODE",
                "dynamic-private");
        assertRejected(
                Map.of("SIO_REDIS_URL", "redis://a:1", "SIO_ADAPTER_REQUESTS_TIMEOUT_MS", "0"),
                "SIO_ADAPTER_REQUESTS_TIMEOUT_MS",
                "from 1");
    }

    @Test
    void caFileWithoutTlsIsAMistake(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
        assertRejected(
                Map.of("SIO_REDIS_URL", "redis://a:1", "SIO_REDIS_TLS_CA_FILE", ca.toString()),
                "SIO_REDIS_TLS_CA_FILE",
                "TLS is off");
    }

    @Test
    void aClientCertificateAndItsKeyReachTheEndpoint(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\nMIIB\n");
        Path key = Files.writeString(dir.resolve("tls.key"), "-----BEGIN PRIVATE KEY-----\nMIIE\n");
        AdapterConfig adapter = NodeConfig.fromEnvironment(Map.of(
                        "SIO_REDIS_URL",
                        "rediss://redis:6380",
                        "SIO_REDIS_TLS_CERT_FILE",
                        cert.toString(),
                        "SIO_REDIS_TLS_KEY_FILE",
                        key.toString()))
                .adapter()
                .orElseThrow();

        assertThat(adapter.redis().clientCertificate().certFile()).isEqualTo(cert);
        assertThat(adapter.redis().clientCertificate().keyFile()).isEqualTo(key);
        assertThat(NodeConfig.fromEnvironment(Map.of("SIO_REDIS_URL", "rediss://redis:6380"))
                        .adapter()
                        .orElseThrow()
                        .redis()
                        .clientCertificate())
                .isNull();
    }

    @Test
    void aClientCertificateThatCannotBeUsedNamesItsVariable(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\nMIIB\n");
        Path key = Files.writeString(dir.resolve("tls.key"), "-----BEGIN PRIVATE KEY-----\nMIIE\n");
        Path pkcs1 = Files.writeString(dir.resolve("rsa.key"), "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n");
        Path encrypted = Files.writeString(dir.resolve("enc.key"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIE\n");
        String tls = "rediss://redis:6380";
        assertRejected(
                Map.of("SIO_REDIS_URL", tls, "SIO_REDIS_TLS_CERT_FILE", cert.toString()),
                "SIO_REDIS_TLS_KEY_FILE",
                "needs its key");
        assertRejected(
                Map.of("SIO_REDIS_URL", tls, "SIO_REDIS_TLS_KEY_FILE", key.toString()),
                "SIO_REDIS_TLS_CERT_FILE",
                "needs its key");
        assertRejected(
                Map.of(
                        "SIO_REDIS_URL",
                        "redis://redis:6379",
                        "SIO_REDIS_TLS_CERT_FILE",
                        cert.toString(),
                        "SIO_REDIS_TLS_KEY_FILE",
                        key.toString()),
                "SIO_REDIS_TLS_CERT_FILE",
                "TLS is off");
        assertRejected(
                Map.of(
                        "SIO_REDIS_URL",
                        tls,
                        "SIO_REDIS_TLS_CERT_FILE",
                        "/nope.crt",
                        "SIO_REDIS_TLS_KEY_FILE",
                        key.toString()),
                "SIO_REDIS_TLS_CERT_FILE",
                "cannot read");
        assertRejected(
                Map.of(
                        "SIO_REDIS_URL",
                        tls,
                        "SIO_REDIS_TLS_CERT_FILE",
                        key.toString(),
                        "SIO_REDIS_TLS_KEY_FILE",
                        key.toString()),
                "SIO_REDIS_TLS_CERT_FILE",
                "no PEM certificate");
        assertRejected(
                Map.of(
                        "SIO_REDIS_URL",
                        tls,
                        "SIO_REDIS_TLS_CERT_FILE",
                        cert.toString(),
                        "SIO_REDIS_TLS_KEY_FILE",
                        pkcs1.toString()),
                "SIO_REDIS_TLS_KEY_FILE",
                "openssl pkcs8 -topk8 -nocrypt");
        assertRejected(
                Map.of(
                        "SIO_REDIS_URL",
                        tls,
                        "SIO_REDIS_TLS_CERT_FILE",
                        cert.toString(),
                        "SIO_REDIS_TLS_KEY_FILE",
                        encrypted.toString()),
                "SIO_REDIS_TLS_KEY_FILE",
                "encrypted");
        assertRejected(
                Map.of(
                        "SIO_REDIS_URL",
                        tls,
                        "SIO_REDIS_TLS_CERT_FILE",
                        cert.toString(),
                        "SIO_REDIS_TLS_KEY_FILE",
                        cert.toString()),
                "SIO_REDIS_TLS_KEY_FILE",
                "no PEM private key");
    }

    private static void assertRejected(Map<String, String> env, String variable, String detail) {
        assertThatThrownBy(() -> NodeConfig.fromEnvironment(env)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.variable()).isEqualTo(variable);
            assertThat(e.getMessage()).startsWith(variable + ": ").contains(detail);
            assertThat(e.getStackTrace()).isEmpty();
        });
    }
}
