package org.socketiooperator.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketiooperator.operator.redis.ProbeOutcome.DetectedTopology;
import org.socketiooperator.operator.testing.Manifests;

/** The node settings that have no schema default are written only when the spec sets them. */
class NodeEnvironmentTest {
    private static final List<String> OPTIONAL = List.of(
            "SIO_PER_MESSAGE_DEFLATE",
            "SIO_PER_MESSAGE_DEFLATE_THRESHOLD",
            "SIO_MAX_BUFFERED_BYTES",
            "SIO_MAX_ATTACHMENTS",
            "SIO_GATEWAY_MAX_ROOMS_PER_SOCKET",
            "SIO_CONNECTION_STATE_RECOVERY",
            "SIO_MAX_DISCONNECTION_DURATION_MS",
            "SIO_RECOVERY_SKIP_MIDDLEWARES",
            "SIO_RECOVERY_MAX_PACKETS",
            "SIO_RECOVERY_MAX_SESSIONS",
            "SIO_REBALANCE_ENABLED",
            "SIO_REBALANCE_MAX_DISCONNECTS_PER_SECOND",
            "SIO_REBALANCE_TOLERANCE_PERCENT",
            "SIO_REBALANCE_INTERVAL_MS");

    static Stream<Arguments> fields() {
        return Stream.of(
                Arguments.of("server: {perMessageDeflate: {enabled: true}}", Map.of("SIO_PER_MESSAGE_DEFLATE", "true")),
                Arguments.of(
                        "server: {perMessageDeflate: {enabled: false}}", Map.of("SIO_PER_MESSAGE_DEFLATE", "false")),
                Arguments.of(
                        "server: {perMessageDeflate: {enabled: true, threshold: 0}}",
                        Map.of("SIO_PER_MESSAGE_DEFLATE", "true", "SIO_PER_MESSAGE_DEFLATE_THRESHOLD", "0")),
                Arguments.of(
                        "server: {perMessageDeflate: {threshold: 4096}}",
                        Map.of("SIO_PER_MESSAGE_DEFLATE_THRESHOLD", "4096")),
                Arguments.of("server: {maxBufferedBytes: 2147483647}", Map.of("SIO_MAX_BUFFERED_BYTES", "2147483647")),
                Arguments.of("server: {maxAttachments: 0}", Map.of("SIO_MAX_ATTACHMENTS", "0")),
                Arguments.of("server: {maxAttachments: 10000}", Map.of("SIO_MAX_ATTACHMENTS", "10000")),
                Arguments.of("gateway: {maxRoomsPerSocket: 250}", Map.of("SIO_GATEWAY_MAX_ROOMS_PER_SOCKET", "250")),
                Arguments.of(
                        "server: {connectionStateRecovery: {enabled: true}}",
                        Map.of("SIO_CONNECTION_STATE_RECOVERY", "true")),
                Arguments.of(
                        "server: {connectionStateRecovery: {enabled: true, maxDisconnectionDuration: 30000,"
                                + " skipMiddlewares: false, maxPackets: 500, maxSessions: 70}}",
                        Map.of(
                                "SIO_CONNECTION_STATE_RECOVERY",
                                "true",
                                "SIO_MAX_DISCONNECTION_DURATION_MS",
                                "30000",
                                "SIO_RECOVERY_SKIP_MIDDLEWARES",
                                "false",
                                "SIO_RECOVERY_MAX_PACKETS",
                                "500",
                                "SIO_RECOVERY_MAX_SESSIONS",
                                "70")),
                Arguments.of("rebalance: {enabled: true}", Map.of("SIO_REBALANCE_ENABLED", "true")),
                Arguments.of(
                        "rebalance: {enabled: true, maxDisconnectsPerSecond: 5, tolerancePercent: 0, intervalSeconds: 60}",
                        Map.of(
                                "SIO_REBALANCE_ENABLED",
                                "true",
                                "SIO_REBALANCE_MAX_DISCONNECTS_PER_SECOND",
                                "5",
                                "SIO_REBALANCE_TOLERANCE_PERCENT",
                                "0",
                                "SIO_REBALANCE_INTERVAL_MS",
                                "60000")),
                // off writes nothing, its other settings included: the pods stay as they are
                Arguments.of("rebalance: {enabled: false, maxDisconnectsPerSecond: 5}", Map.of()),
                Arguments.of("rebalance: {maxDisconnectsPerSecond: 5}", Map.of()));
    }

    @ParameterizedTest
    @MethodSource("fields")
    void eachFieldMapsToItsVariableAndNothingElseIsAdded(String settings, Map<String, String> expected) {
        SortedMap<String, String> env = of("redis: {host: r}\n" + settings);
        assertThat(env).containsAllEntriesOf(expected);
        assertThat(env)
                .doesNotContainKeys(OPTIONAL.stream()
                        .filter(name -> !expected.containsKey(name))
                        .toArray(String[]::new));
    }

    @Test
    void unsetFieldsProduceNoVariable() {
        for (String spec : List.of(
                "redis: {host: r}",
                "redis: {host: r}\nserver: {perMessageDeflate: {}}\ngateway: {}",
                "redis: {host: r}\nserver: {pingInterval: 1000, maxHttpBufferSize: 2000, cors: {origins: ['*']}}")) {
            assertThat(of(spec))
                    .as(spec)
                    .doesNotContainKeys(OPTIONAL.toArray(String[]::new))
                    // the fields with a schema default are still always written
                    .containsKeys("SIO_PING_INTERVAL_MS", "SIO_MAX_HTTP_BUFFER_SIZE", "SIO_CORS_ORIGINS");
        }
    }

    static final List<String> STREAMS = List.of(
            "SIO_ADAPTER_STREAM_NAME",
            "SIO_ADAPTER_STREAM_COUNT",
            "SIO_ADAPTER_USE_SHARDED_PUBSUB",
            "SIO_ADAPTER_MAX_LEN",
            "SIO_ADAPTER_READ_COUNT",
            "SIO_ADAPTER_BLOCK_TIME_MS",
            "SIO_ADAPTER_SESSION_KEY_PREFIX",
            "SIO_ADAPTER_ONLY_PLAINTEXT");

    @Test
    void streamsOptionsMapToTheirVariablesAndOnlyWhenSet() {
        SortedMap<String, String> env = of("redis: {host: r}\nadapter: {mode: streams, channelPrefix: chat, streams:"
                + " {streamName: chat-stream, streamCount: 3, useShardedPubSub: true, maxLen: 500, readCount: 50,"
                + " blockTimeInMs: 2000, sessionKeyPrefix: 'chat:session:', onlyPlaintext: true}}");
        assertThat(env)
                .containsEntry("SIO_ADAPTER_MODE", "streams")
                .containsEntry("SIO_ADAPTER_KEY", "chat")
                .containsEntry("SIO_ADAPTER_STREAM_NAME", "chat-stream")
                .containsEntry("SIO_ADAPTER_STREAM_COUNT", "3")
                .containsEntry("SIO_ADAPTER_USE_SHARDED_PUBSUB", "true")
                .containsEntry("SIO_ADAPTER_MAX_LEN", "500")
                .containsEntry("SIO_ADAPTER_READ_COUNT", "50")
                .containsEntry("SIO_ADAPTER_BLOCK_TIME_MS", "2000")
                .containsEntry("SIO_ADAPTER_SESSION_KEY_PREFIX", "chat:session:")
                .containsEntry("SIO_ADAPTER_ONLY_PLAINTEXT", "true")
                .doesNotContainKeys(
                        "SIO_ADAPTER_SUBSCRIPTION_MODE", "SIO_ADAPTER_PUBLISH_ON_SPECIFIC_RESPONSE_CHANNEL");
        assertThat(of("redis: {host: r}\nadapter: {mode: streams}"))
                .containsEntry("SIO_ADAPTER_MODE", "streams")
                .doesNotContainKeys(STREAMS.toArray(String[]::new));
        assertThat(of("redis: {host: r}")).doesNotContainKeys(STREAMS.toArray(String[]::new));
    }

    static Stream<Arguments> cpus() {
        return Stream.of(
                // the default pod: requests 100m, no limit; the JVM alone would count every core of the node
                Arguments.of("", "1"),
                Arguments.of("resources: {requests: {memory: 1Gi}}", "1"),
                Arguments.of("resources: {requests: {cpu: 0}}", "1"),
                Arguments.of("resources: {requests: {cpu: 1500m}}", "2"),
                Arguments.of("resources: {requests: {cpu: 3}}", "3"),
                // a limit is what the node may use: it wins over the request
                Arguments.of("resources: {requests: {cpu: 250m}, limits: {cpu: 4}}", "4"),
                Arguments.of("resources: {requests: {cpu: 8}, limits: {cpu: '2'}}", "2"),
                Arguments.of("resources: {limits: {cpu: 100000}}", "1024"));
    }

    @ParameterizedTest
    @MethodSource("cpus")
    void oneEventLoopPerCpuTheContainerMayUse(String resources, String loops) {
        assertThat(of("redis: {host: r}\n" + resources)).containsEntry("SIO_IO_THREADS", loops);
    }

    @Test
    void theFullSpecSetsEveryNewVariable() {
        assertThat(NodeEnvironment.of(
                        Manifests.cluster("x", "ns", Manifests.FULL_SPEC).getSpec(), DetectedTopology.STANDALONE))
                .containsKeys(OPTIONAL.toArray(String[]::new));
    }

    private static SortedMap<String, String> of(String spec) {
        return NodeEnvironment.of(Manifests.cluster("x", "ns", spec).getSpec(), DetectedTopology.STANDALONE);
    }
}
