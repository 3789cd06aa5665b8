package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Redis adapter settings, named and defaulted like the official @socket.io/redis-adapter (and, in mode streams,
 * @socket.io/redis-streams-adapter).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(
        value = "!has(self.subscriptionMode) || (has(self.mode) && self.mode == 'sharded')",
        message = "subscriptionMode applies to the sharded adapter only")
@ValidationRule(
        value = "!has(self.streams) || (has(self.mode) && self.mode == 'streams')",
        message = "streams applies to the streams adapter only")
@ValidationRule(
        value = "!has(self.publishOnSpecificResponseChannel) || !self.publishOnSpecificResponseChannel"
                + " || !has(self.mode) || self.mode == 'classic'",
        message = "publishOnSpecificResponseChannel applies to the classic adapter only")
public record AdapterSpec(
        @Default("classic")
        @JsonPropertyDescription("classic: PUBLISH/SUBSCRIBE; sharded: SPUBLISH/SSUBSCRIBE (Redis 7.0 or later, scales"
                + " with Redis Cluster shards); streams: a Redis stream (Redis 6.2 or later), the only mode in which a"
                + " client recovers its session on another pod (with server.connectionStateRecovery).")
        AdapterMode mode,

        @Pattern("^\\S+$")
        @Default(Defaults.CHANNEL_PREFIX)
        @JsonPropertyDescription("Prefix of the adapter's Redis channels (key in classic mode, channelPrefix in sharded"
                + " and streams modes).")
        String channelPrefix,

        @JsonPropertyDescription("Sharded only; defaults to dynamic.")
        SubscriptionMode subscriptionMode,

        @Min(1)
        @Default("" + Defaults.REQUESTS_TIMEOUT_MS)
        @JsonPropertyDescription("Timeout of cross-node requests, in milliseconds.")
        Integer requestsTimeout,

        @JsonPropertyDescription("Classic only: answer each node on its own response channel.")
        Boolean publishOnSpecificResponseChannel,

        @Default("msgpack")
        @JsonPropertyDescription("Encoding of adapter messages: msgpack (the Node.js adapter's default) or json; every"
                + " node and emitter of a cluster must use the same.")
        Parser parser,

        @JsonPropertyDescription("Streams only: the streams adapter's options.")
        StreamsSpec streams) {

    public static final AdapterSpec DEFAULT = new AdapterSpec(null, null, null, null, null, null, null);

    public AdapterSpec {
        mode = or(mode, AdapterMode.CLASSIC);
        channelPrefix = or(channelPrefix, Defaults.CHANNEL_PREFIX);
        requestsTimeout = or(requestsTimeout, Defaults.REQUESTS_TIMEOUT_MS);
        parser = or(parser, Parser.MSGPACK);
    }

    /** The streams options, all unset when none are given. */
    public StreamsSpec effectiveStreams() {
        return or(streams, StreamsSpec.UNSET);
    }

    /** The subscription mode the node uses; only meaningful in sharded mode. */
    public SubscriptionMode effectiveSubscriptionMode() {
        return or(subscriptionMode, SubscriptionMode.DYNAMIC);
    }

    public boolean publishesOnSpecificResponseChannel() {
        return Boolean.TRUE.equals(publishOnSpecificResponseChannel);
    }
}
