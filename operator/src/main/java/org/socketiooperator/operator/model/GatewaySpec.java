package org.socketiooperator.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * The node's built-in gateway (clients joining rooms and publishing through it). Absent fields are not
 * written to the node's environment, so the node's defaults apply.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record GatewaySpec(
        @Min(1)
        @Max(Integer.MAX_VALUE)
        @JsonPropertyDescription("Rooms one socket may join through the built-in gateway; the node's default is 100.")
        Integer maxRoomsPerSocket) {

    public static final GatewaySpec UNSET = new GatewaySpec(null);
}
