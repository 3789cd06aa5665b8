package org.socketiooperator.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** A Gateway an HTTPRoute attaches to (the Gateway API's ParentReference, for Gateways only). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record GatewayParentRef(
        @Required @JsonPropertyDescription("Name of the Gateway.")
        String name,

        @JsonPropertyDescription("Namespace of the Gateway; unset: the cluster's namespace (the Gateway must allow"
                + " routes from it).")
        String namespace,

        @JsonPropertyDescription("Listener of the Gateway to attach to; unset: every listener that allows the route.")
        String sectionName,

        @Min(1) @Max(65535) @JsonPropertyDescription("Listener port to attach to; unset: any.")
        Integer port) {}
