package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.util.Map;

/** The PodMonitor of the nodes: off unless enabled. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PodMonitorSpec(
        @Default("false")
        @JsonPropertyDescription("Create the PodMonitor. Prometheus in another namespace must also be named in"
                + " spec.networkPolicy.managementFrom, or the NetworkPolicy keeps it out.")
        Boolean enabled,

        @Pattern("^[0-9]+(ms|s|m|h)$")
        @Default(Defaults.SCRAPE_INTERVAL)
        @JsonPropertyDescription("How often Prometheus scrapes each node, e.g. 30s or 1m.")
        String interval,

        @JsonPropertyDescription("Labels of the PodMonitor, e.g. the one a Prometheus' podMonitorSelector matches"
                + " (release: kube-prometheus-stack).")
        Map<String, String> labels) {

    public static final PodMonitorSpec DISABLED = new PodMonitorSpec(false, null, null);

    public PodMonitorSpec {
        enabled = or(enabled, false);
        interval = or(interval, Defaults.SCRAPE_INTERVAL);
        labels = or(labels, Map.of());
    }
}
