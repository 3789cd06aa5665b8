package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Graceful shutdown: a stopping node first waits (preStop) until endpoints no longer send it new clients, then
 * drains its clients, then closes; the grace period must outlast all three, and is computed when not set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(
        value = "!has(self.terminationGracePeriodSeconds) || self.terminationGracePeriodSeconds >= "
                + "(has(self.preStopDelaySeconds) ? self.preStopDelaySeconds : " + Defaults.PRE_STOP_DELAY_SECONDS + ")"
                + " + (has(self.drainPeriodSeconds) ? self.drainPeriodSeconds : " + Defaults.DRAIN_PERIOD_SECONDS + ")"
                + " + " + Defaults.NODE_CLOSE_SECONDS,
        message = "terminationGracePeriodSeconds must be at least preStopDelaySeconds + drainPeriodSeconds + "
                + Defaults.NODE_CLOSE_SECONDS + " (the node's close); leave it out to have it computed")
public record ShutdownSpec(
        @Min(0)
        @Default("" + Defaults.DRAIN_PERIOD_SECONDS)
        @JsonPropertyDescription("Seconds over which a stopping node disconnects its clients.")
        Integer drainPeriodSeconds,

        @Min(1)
        @JsonPropertyDescription("Seconds the kubelet waits for a stopping node before killing it: at least"
                + " preStopDelaySeconds + drainPeriodSeconds + 10 (the node's close); unset: that plus 5.")
        Integer terminationGracePeriodSeconds,

        @Min(0)
        @Max(120)
        @Default("" + Defaults.PRE_STOP_DELAY_SECONDS)
        @JsonPropertyDescription("Seconds a stopping node keeps serving before its drain starts (a preStop sleep), so"
                + " Services, kube-proxy and load balancers stop sending it new clients first; 0: no preStop hook.")
        Integer preStopDelaySeconds) {

    public static final ShutdownSpec DEFAULT = new ShutdownSpec(null, null, null);

    public ShutdownSpec {
        drainPeriodSeconds = or(drainPeriodSeconds, Defaults.DRAIN_PERIOD_SECONDS);
        preStopDelaySeconds = or(preStopDelaySeconds, Defaults.PRE_STOP_DELAY_SECONDS);
    }

    /** The shortest grace period that lets a node pause, drain and close before the kubelet kills it. */
    public int minimumTerminationGracePeriodSeconds() {
        return preStopDelaySeconds + drainPeriodSeconds + Defaults.NODE_CLOSE_SECONDS;
    }

    /** The user's grace period, or the minimum plus a few seconds of headroom when none is set. */
    public long effectiveTerminationGracePeriodSeconds() {
        return terminationGracePeriodSeconds != null
                ? terminationGracePeriodSeconds
                : minimumTerminationGracePeriodSeconds() + Defaults.GRACE_HEADROOM_SECONDS;
    }
}
