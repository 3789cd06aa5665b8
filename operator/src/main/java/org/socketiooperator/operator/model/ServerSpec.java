package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

/** Socket.IO server settings of every node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServerSpec(
    @Pattern("^/\\S*$")
    @Default(Defaults.PATH)
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
    @Min(1)
    @Default("" + Defaults.MAX_HTTP_BUFFER_SIZE)
    @JsonPropertyDescription("Largest message in bytes.")
    Long maxHttpBufferSize,
    CorsSpec cors) {

  public static final ServerSpec DEFAULT = new ServerSpec(null, null, null, null, null, null);

  public ServerSpec {
    path = or(path, Defaults.PATH);
    transports = transports == null || transports.isEmpty()
        ? List.of(Transport.POLLING, Transport.WEBSOCKET) : List.copyOf(transports);
    pingInterval = or(pingInterval, Defaults.PING_INTERVAL_MS);
    pingTimeout = or(pingTimeout, Defaults.PING_TIMEOUT_MS);
    maxHttpBufferSize = or(maxHttpBufferSize, Defaults.MAX_HTTP_BUFFER_SIZE);
    cors = or(cors, CorsSpec.NONE);
  }
}
