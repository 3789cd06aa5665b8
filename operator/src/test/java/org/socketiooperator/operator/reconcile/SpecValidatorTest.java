package org.socketiooperator.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.socketiooperator.operator.status.SpecProblem;
import org.socketiooperator.operator.testing.Manifests;

class SpecValidatorTest {
    @Test
    void theMinimalAndFullSpecsAreValid() {
        assertThat(validate(Manifests.MINIMAL_SPEC)).isEmpty();
        assertThat(validate(Manifests.FULL_SPEC)).isEmpty();
    }

    @Test
    void aMissingSpecIsInvalid() {
        assertThat(SpecValidator.validate(null))
                .extracting(SpecProblem::message)
                .containsExactly("spec is missing");
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                Arguments.of("replicas: 1", "spec.redis is required"),
                Arguments.of(
                        "redis: {host: r}\nresources: {limits: {cpu: two}}",
                        "spec.resources.limits.cpu: two is not a quantity"),
                Arguments.of(
                        "redis: {host: r}\nresources: {requests: {memory: '-1Gi'}}",
                        "spec.resources.requests.memory: -1Gi is not a quantity"),
                Arguments.of("redis: {host: r, url: 'redis://r:1'}", "exactly one of url, host or nodes"),
                Arguments.of("redis: {url: 'redis://user:pw@r:6379'}", "must not contain credentials"),
                Arguments.of("redis: {url: 'redis://'}", "not a valid URL"),
                Arguments.of("redis: {nodes: ['a:1', 'b']}", "'b' is not host:port"),
                Arguments.of("redis: {nodes: ['a:1'], topology: standalone}", "topology is standalone"),
                Arguments.of("redis: {host: r, tls: {caSecret: {name: ca}}}", "tls.enabled is false"),
                Arguments.of(
                        "redis: {host: r, tls: {clientCertSecret: client}}",
                        "clientCertSecret is set but tls.enabled is false"),
                Arguments.of("redis: {host: r, tls: {enabled: true, clientCertSecret: ' '}}", "must name a Secret"),
                Arguments.of("redis: {host: r}\nadapter: {subscriptionMode: static}", "mode sharded only"),
                Arguments.of(
                        "redis: {host: r}\nadapter: {mode: sharded, streams: {maxLen: 5}}",
                        "streams applies to mode streams only"),
                Arguments.of(
                        "redis: {host: r}\nadapter: {mode: sharded, publishOnSpecificResponseChannel: true}",
                        "mode classic only"),
                Arguments.of(
                        "redis: {host: r}\nserver: {cors: {origins: ['*'], credentials: true}}",
                        "cannot be combined with credentials"),
                Arguments.of(
                        "redis: {host: r}\nshutdown: {drainPeriodSeconds: 20, terminationGracePeriodSeconds: 30}",
                        "terminationGracePeriodSeconds (30) must be at least 35: preStopDelaySeconds (5) + drainPeriodSeconds (20)"),
                Arguments.of(
                        "redis: {host: r}\nshutdown: {drainPeriodSeconds: 29, preStopDelaySeconds: 0,"
                                + " terminationGracePeriodSeconds: 30}",
                        "must be at least 39"),
                Arguments.of(
                        "redis: {host: r}\nupdateStrategy: {maxUnavailable: 0}",
                        "spec.updateStrategy.maxUnavailable must be at least 1"),
                Arguments.of(
                        "redis: {host: r}\nupdateStrategy: {maxUnavailable: '150%'}",
                        "percentage from 1% to 100%, got '150%'"),
                Arguments.of("redis: {host: r}\nupdateStrategy: {partition: -1}", "partition must not be negative"),
                Arguments.of(
                        "redis: {host: r}\npodDisruptionBudget: {maxUnavailable: 1, minAvailable: 1}",
                        "maxUnavailable or minAvailable, not both"),
                Arguments.of(
                        "redis: {host: r}\npodDisruptionBudget: {minAvailable: 'half'}",
                        "minAvailable must be a number or a percentage"),
                Arguments.of(
                        "redis: {host: r}\npodDisruptionBudget: {maxUnavailable: 0}",
                        "podDisruptionBudget.maxUnavailable must be at least 1"),
                Arguments.of("redis: {host: r}\ningress: {enabled: true}", "ingress.host is required"),
                Arguments.of(
                        "redis: {host: r}\nserver: {maxHttpBufferSize: 2000000, maxBufferedBytes: 1999999}",
                        "maxBufferedBytes (1999999) must be at least maxHttpBufferSize (2000000)"),
                Arguments.of(
                        "redis: {host: r}\nserver: {maxBufferedBytes: 999999}",
                        "maxBufferedBytes (999999) must be at least maxHttpBufferSize (1000000)"),
                Arguments.of(
                        "redis: {host: r}\nserver: {maxHttpBufferSize: 5000000}",
                        "exceeds the node's default maxBufferedBytes (4194304)"),
                Arguments.of(
                        "redis: {host: r}\nserver: {maxBufferedBytes: 0}", "maxBufferedBytes must be between 1 and"),
                Arguments.of(
                        "redis: {host: r}\nserver: {maxBufferedBytes: 3000000000}",
                        "maxBufferedBytes must be between 1 and 2147483647"),
                Arguments.of(
                        "redis: {host: r}\nserver: {maxAttachments: -1}", "maxAttachments must be between 0 and 10000"),
                Arguments.of(
                        "redis: {host: r}\nserver: {maxAttachments: 10001}",
                        "maxAttachments must be between 0 and 10000"),
                Arguments.of(
                        "redis: {host: r}\nserver: {perMessageDeflate: {enabled: true, threshold: -1}}",
                        "perMessageDeflate.threshold must not be negative"),
                Arguments.of(
                        "redis: {host: r}\ngateway: {maxRoomsPerSocket: 0}", "maxRoomsPerSocket must be at least 1"),
                Arguments.of(
                        "redis: {host: r}\nupdateStrategy: {progressDeadlineSeconds: 0}",
                        "progressDeadlineSeconds must be at least 1"),
                Arguments.of(
                        "redis: {host: r}\npod: {volumes: [{name: pod-info, emptyDir: {}}]}",
                        "spec.pod.volumes: the name pod-info is taken"),
                Arguments.of(
                        "redis: {host: r}\npod: {volumeMounts: [{name: x, mountPath: /etc/socketio/pod/}]}",
                        "spec.pod.volumeMounts: /etc/socketio/pod/ is the operator's"),
                Arguments.of(
                        "redis: {host: r}\npod: {volumeMounts: [{name: x, mountPath: /tmp}]}",
                        "spec.pod.volumeMounts: /tmp is the operator's"),
                Arguments.of(
                        "redis: {host: r}\npod: {sidecars: [{name: node, image: x}]}",
                        "every sidecar needs a name other than node"));
    }

    static Stream<String> validServerSettings() {
        return Stream.of(
                "server: {maxBufferedBytes: 1000000}",
                "server: {maxHttpBufferSize: 5000000, maxBufferedBytes: 5000000}",
                // SIO_MAX_BUFFERED_BYTES set through pod.env wins over the node's default.
                "server: {maxHttpBufferSize: 5000000}\npod: {env: [{name: SIO_MAX_BUFFERED_BYTES, value: '5000000'}]}",
                "server: {maxAttachments: 0, perMessageDeflate: {enabled: false, threshold: 0}}",
                "server: {perMessageDeflate: {threshold: 512}}",
                "gateway: {maxRoomsPerSocket: 1}",
                // Computed from preStop + drain + close when not set.
                "shutdown: {drainPeriodSeconds: 300}",
                "shutdown: {drainPeriodSeconds: 20, preStopDelaySeconds: 10, terminationGracePeriodSeconds: 40}",
                "updateStrategy: {minReadySeconds: 0, partition: 2, maxUnavailable: '25%'}",
                "podDisruptionBudget: {minAvailable: '50%'}",
                "podDisruptionBudget: {maxUnavailable: '10%'}",
                "podDisruptionBudget: {minAvailable: 0}",
                "updateStrategy: {progressDeadlineSeconds: 1}",
                "pod: {volumes: [{name: plugins, configMap: {name: jars}}], volumeMounts: [{name: plugins,"
                        + " mountPath: /opt/plugins}], sidecars: [{name: shipper, image: x}], imagePullSecrets: [{name: reg}]}");
    }

    @ParameterizedTest
    @MethodSource("validServerSettings")
    void acceptsTheNewServerSettingsWithinTheirRanges(String settings) {
        assertThat(validate("redis: {host: r}\n" + settings)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("invalidSpecs")
    void rejectsWhatTheSchemaCannotExpress(String spec, String expected) {
        List<SpecProblem> problems = validate(spec);
        assertThat(problems).isNotEmpty();
        assertThat(problems).extracting(SpecProblem::reason).containsOnly(SpecValidator.INVALID_SPEC);
        assertThat(problems)
                .extracting(SpecProblem::message)
                .anySatisfy(m -> assertThat(m).contains(expected));
    }

    private static List<SpecProblem> validate(String spec) {
        return SpecValidator.validate(Manifests.cluster("x", "ns", spec).getSpec());
    }
}
