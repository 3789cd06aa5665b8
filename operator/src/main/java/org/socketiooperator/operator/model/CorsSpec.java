package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Cross-origin access to the Socket.IO endpoint; empty origins means none. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CorsSpec(
        @JsonPropertyDescription("Allowed origins; * means any origin (never with credentials).")
        List<String> origins,

        @JsonPropertyDescription("Allow cookies and credentials in cross-origin requests; not with origin *.")
        Boolean credentials) {

    public static final CorsSpec NONE = new CorsSpec(null, null);

    public CorsSpec {
        origins = or(origins, List.of());
        credentials = or(credentials, false);
    }
}
