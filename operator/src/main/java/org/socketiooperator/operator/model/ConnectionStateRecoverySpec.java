package org.socketiooperator.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Socket.IO connection state recovery (the official {@code connectionStateRecovery}). Absent fields are not
 * written to the node's environment, so the node's defaults apply (off; 2 minutes; middlewares skipped; 10,000
 * packets and sessions kept). With adapter mode streams the sessions and packets are kept in Redis and a client
 * recovers on any pod; the Pub/Sub adapters cannot recover across pods.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConnectionStateRecoverySpec(
        @JsonPropertyDescription("Keep a disconnected client's session and the packets it misses, so that it gets its"
                + " socket id, rooms and those packets back when it reconnects in time; the node's default is false. With"
                + " adapter mode streams the client recovers on any pod; the classic and sharded adapters cannot"
                + " recover across pods.")
        Boolean enabled,

        @Min(1)
        @Max(Integer.MAX_VALUE)
        @JsonPropertyDescription("How long, in milliseconds, a disconnected session and the packets sent meanwhile are"
                + " kept (maxDisconnectionDuration); the node's default is 120000.")
        Long maxDisconnectionDuration,

        @JsonPropertyDescription(
                "Whether a recovered client skips the connection middlewares; the node's default is" + " true.")
        Boolean skipMiddlewares,

        @Min(1)
        @Max(Integer.MAX_VALUE)
        @JsonPropertyDescription("Broadcast packets kept per node at most (the oldest go first); the node's default is"
                + " 10000. Memory is this count times the average broadcast size.")
        Integer maxPackets,

        @Min(1)
        @Max(Integer.MAX_VALUE)
        @JsonPropertyDescription(
                "Disconnected sessions kept per node at most (the oldest go first); the node's default" + " is 10000.")
        Integer maxSessions) {

    public static final ConnectionStateRecoverySpec UNSET =
            new ConnectionStateRecoverySpec(null, null, null, null, null);
}
