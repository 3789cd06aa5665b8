package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Socket.IO server settings of every node. perMessageDeflate, maxBufferedBytes, maxAttachments and
 * connectionStateRecovery have no schema default: left out, they are not written to the node's environment and
 * the node's defaults apply.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(
        value = "!has(self.maxBufferedBytes) || !has(self.maxHttpBufferSize)"
                + " || self.maxBufferedBytes >= self.maxHttpBufferSize",
        message = "maxBufferedBytes must be at least maxHttpBufferSize")
public record ServerSpec(
        @Pattern("^/\\S*$")
        @Default(Defaults.PATH)
        @JsonPropertyDescription("HTTP path of the Socket.IO endpoint (the client's path option).")
        String path,

        @JsonPropertyDescription("Allowed transports; defaults to polling and websocket.")
        List<Transport> transports,

        @Min(1)
        @Default("" + Defaults.PING_INTERVAL_MS)
        @JsonPropertyDescription("Engine.IO ping interval in milliseconds.")
        Integer pingInterval,

        @Min(1)
        @Default("" + Defaults.PING_TIMEOUT_MS)
        @JsonPropertyDescription("Engine.IO ping timeout in milliseconds.")
        Integer pingTimeout,

        @Min(1) @Default("" + Defaults.MAX_HTTP_BUFFER_SIZE) @JsonPropertyDescription("Largest message in bytes.")
        Long maxHttpBufferSize,

        @JsonPropertyDescription("Cross-origin (CORS) access to the endpoint; unset: none.")
        CorsSpec cors,

        @JsonPropertyDescription("WebSocket permessage-deflate compression; off unless enabled.")
        PerMessageDeflateSpec perMessageDeflate,

        @Min(1)
        @Max(Integer.MAX_VALUE)
        @JsonPropertyDescription("Bytes queued for one client that does not read before it is disconnected; at least"
                + " maxHttpBufferSize. The node's default is 4194304.")
        Long maxBufferedBytes,

        @Min(0)
        @Max(Defaults.MAX_ATTACHMENTS_LIMIT)
        @JsonPropertyDescription("Binary attachments allowed in one packet; the node's default is 10.")
        Integer maxAttachments,

        @JsonPropertyDescription("Connection state recovery: clients that reconnect in time get their session and the"
                + " packets they missed; off unless enabled.")
        ConnectionStateRecoverySpec connectionStateRecovery) {

    public static final ServerSpec DEFAULT = new ServerSpec(null, null, null, null, null, null, null, null, null, null);

    public ServerSpec {
        path = or(path, Defaults.PATH);
        transports = transports == null || transports.isEmpty()
                ? List.of(Transport.POLLING, Transport.WEBSOCKET)
                : List.copyOf(transports);
        pingInterval = or(pingInterval, Defaults.PING_INTERVAL_MS);
        pingTimeout = or(pingTimeout, Defaults.PING_TIMEOUT_MS);
        maxHttpBufferSize = or(maxHttpBufferSize, Defaults.MAX_HTTP_BUFFER_SIZE);
        cors = or(cors, CorsSpec.NONE);
        perMessageDeflate = or(perMessageDeflate, PerMessageDeflateSpec.UNSET);
        connectionStateRecovery = or(connectionStateRecovery, ConnectionStateRecoverySpec.UNSET);
    }

    /** The per-client buffer the node uses: the one set here, or the node's default. */
    public long effectiveMaxBufferedBytes() {
        return or(maxBufferedBytes, Defaults.NODE_MAX_BUFFERED_BYTES);
    }
}
