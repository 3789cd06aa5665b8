package org.socketiooperator.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * WebSocket permessage-deflate. Absent fields are not written to the node's environment, so the node's
 * defaults apply (off, threshold 1024 bytes), like the official Node.js server.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PerMessageDeflateSpec(
        @JsonPropertyDescription("Compress WebSocket messages (permessage-deflate); the node's default is false.")
        Boolean enabled,

        @Min(0)
        @Max(Integer.MAX_VALUE)
        @JsonPropertyDescription("When enabled, WebSocket frames smaller than this many bytes are sent uncompressed;"
                + " the node's default is 1024.")
        Integer threshold) {

    public static final PerMessageDeflateSpec UNSET = new PerMessageDeflateSpec(null, null);
}
