package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How the nodes' metrics get scraped. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MonitoringSpec(
        @JsonPropertyDescription("A Prometheus Operator PodMonitor (monitoring.coreos.com/v1) for the nodes' management"
                + " port; created only where that API exists (MonitoringReady says which).")
        PodMonitorSpec podMonitor) {

    public static final MonitoringSpec NONE = new MonitoringSpec(null);

    public MonitoringSpec {
        podMonitor = or(podMonitor, PodMonitorSpec.DISABLED);
    }
}
