package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Graceful shutdown: a node drains its clients, so the grace period must outlast the drain period. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(value = "!has(self.drainPeriodSeconds) || !has(self.terminationGracePeriodSeconds)"
    + " || self.terminationGracePeriodSeconds > self.drainPeriodSeconds",
    message = "terminationGracePeriodSeconds must be longer than drainPeriodSeconds")
public record ShutdownSpec(
    @Min(0)
    @Default("" + Defaults.DRAIN_PERIOD_SECONDS)
    @JsonPropertyDescription("Seconds over which a stopping node disconnects its clients.")
    Integer drainPeriodSeconds,
    @Min(1)
    @Default("" + Defaults.TERMINATION_GRACE_PERIOD_SECONDS)
    Integer terminationGracePeriodSeconds) {

  public static final ShutdownSpec DEFAULT = new ShutdownSpec(null, null);

  public ShutdownSpec {
    drainPeriodSeconds = or(drainPeriodSeconds, Defaults.DRAIN_PERIOD_SECONDS);
    terminationGracePeriodSeconds = or(terminationGracePeriodSeconds, Defaults.TERMINATION_GRACE_PERIOD_SECONDS);
  }
}
