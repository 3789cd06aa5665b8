package org.socketiooperator.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the operator found at the configured Redis endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RedisStatus(
        @JsonPropertyDescription(
                "Where the operator reached (or tried to reach) Redis: host:port, several for a cluster.")
        String endpoint,

        @JsonPropertyDescription("The Redis server version (INFO server).")
        String version,

        @JsonPropertyDescription("standalone or cluster, as detected.")
        String topology,

        @JsonPropertyDescription("Whether the server has sharded Pub/Sub (SPUBLISH), which adapter mode sharded needs.")
        Boolean shardedPubSub) {}
