package org.socketiooperator.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What every node runs, read from the StatefulSet once all of its pods run one revision (not from the
 * spec), so a changed image or adapter mode shows here only after it has landed on every node.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunningStatus(
        @JsonPropertyDescription("The StatefulSet revision (status.currentRevision) every node runs.")
        String revision,

        @JsonPropertyDescription("The node container's image in that revision.")
        String image,

        @JsonPropertyDescription(
                "The adapter mode (classic or sharded) the nodes of that revision were started with;"
                        + " absent when the operator cannot tell (the revision was written for a configuration it no longer has).")
        String adapterMode) {}
