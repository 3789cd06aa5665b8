package org.socketiooperator.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.socketiooperator.operator.testing.Manifests;

class SpecValidatorTest {
  @Test
  void theMinimalAndFullSpecsAreValid() {
    assertThat(validate(Manifests.MINIMAL_SPEC)).isEmpty();
    assertThat(validate(Manifests.FULL_SPEC)).isEmpty();
  }

  @Test
  void aMissingSpecIsInvalid() {
    assertThat(SpecValidator.validate(null)).extracting(SpecProblem::message).containsExactly("spec is missing");
  }

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        Arguments.of("replicas: 1", "spec.redis is required"),
        Arguments.of("redis: {host: r, url: 'redis://r:1'}", "exactly one of url, host or nodes"),
        Arguments.of("redis: {url: 'redis://user:pw@r:6379'}", "must not contain credentials"),
        Arguments.of("redis: {url: 'redis://'}", "not a valid URL"),
        Arguments.of("redis: {nodes: ['a:1', 'b']}", "'b' is not host:port"),
        Arguments.of("redis: {nodes: ['a:1'], topology: standalone}", "topology is standalone"),
        Arguments.of("redis: {host: r, tls: {caSecret: {name: ca}}}", "tls.enabled is false"),
        Arguments.of("redis: {host: r}\nadapter: {subscriptionMode: static}", "mode sharded only"),
        Arguments.of("redis: {host: r}\nadapter: {mode: sharded, publishOnSpecificResponseChannel: true}",
            "mode classic only"),
        Arguments.of("redis: {host: r}\nserver: {cors: {origins: ['*'], credentials: true}}",
            "cannot be combined with credentials"),
        Arguments.of("redis: {host: r}\nshutdown: {drainPeriodSeconds: 30}", "must be longer than drainPeriodSeconds"),
        Arguments.of("redis: {host: r}\ningress: {enabled: true}", "ingress.host is required"));
  }

  @ParameterizedTest
  @MethodSource("invalidSpecs")
  void rejectsWhatTheSchemaCannotExpress(String spec, String expected) {
    List<SpecProblem> problems = validate(spec);
    assertThat(problems).isNotEmpty();
    assertThat(problems).extracting(SpecProblem::reason).containsOnly(SpecValidator.INVALID_SPEC);
    assertThat(problems).extracting(SpecProblem::message).anySatisfy(m -> assertThat(m).contains(expected));
  }

  private static List<SpecProblem> validate(String spec) {
    return SpecValidator.validate(Manifests.cluster("x", "ns", spec).getSpec());
  }
}
