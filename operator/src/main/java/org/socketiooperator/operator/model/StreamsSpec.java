package org.socketiooperator.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * Options of the streams adapter (@socket.io/redis-streams-adapter 0.3.1), with its names. Absent fields are not
 * written to the node's environment, so the official defaults apply.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StreamsSpec(
        @Pattern("^\\S+$") @JsonPropertyDescription("The Redis stream (streamName); the node's default is socket.io.")
        String streamName,

        @Min(1)
        @Max(64)
        @JsonPropertyDescription("Streams the namespaces are spread over (streamCount); every pod reads them with a"
                + " thread and a connection each (2 x streamCount - 1 of them). The node's default is 1.")
        Integer streamCount,

        @JsonPropertyDescription("Requests between pods over SPUBLISH/SSUBSCRIBE (useShardedPubSub, Redis 7.0 or"
                + " later); the node's default is false.")
        Boolean useShardedPubSub,

        @Min(1)
        @Max(Integer.MAX_VALUE)
        @JsonPropertyDescription("Approximate length of the stream (maxLen): how much history is kept, hence how long a"
                + " client can be away under load and still recover. The node's default is 10000.")
        Long maxLen,

        @Min(1) @Max(10000) @JsonPropertyDescription("Entries per XREAD (readCount); the node's default is 100.")
        Integer readCount,

        @Min(1)
        @Max(60000)
        @JsonPropertyDescription("How long one XREAD waits for entries, in milliseconds (blockTimeInMs); the node's"
                + " default is 5000.")
        Integer blockTimeInMs,

        @Pattern("^\\S+$")
        @JsonPropertyDescription("Prefix of the Redis keys of disconnected sessions (sessionKeyPrefix); the node's"
                + " default is sio:session:.")
        String sessionKeyPrefix,

        @JsonPropertyDescription(
                "Stream entries always as JSON, binary included (onlyPlaintext); the node's default is" + " false.")
        Boolean onlyPlaintext) {

    public static final StreamsSpec UNSET = new StreamsSpec(null, null, null, null, null, null, null, null);
}
