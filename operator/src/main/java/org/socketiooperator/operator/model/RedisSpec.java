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

/** Where the adapter's Redis is and how to talk to it. Credentials only ever come from a Secret. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(
        value = "has(self.url) || has(self.host) || (has(self.nodes) && size(self.nodes) > 0)",
        message = "set one of redis.url, redis.host or redis.nodes")
public record RedisSpec(
        @Pattern("^rediss?://.+")
        @JsonPropertyDescription("redis://host:port[/db] or rediss://host:port[/db]; no credentials in it.")
        String url,

        @JsonPropertyDescription("Redis host name; instead of url (or nodes).")
        String host,

        @Min(1) @Max(65535) @Default("" + Defaults.REDIS_PORT) @JsonPropertyDescription("Port on host.")
        Integer port,

        @JsonPropertyDescription("Redis Cluster seed nodes as host:port; implies topology cluster.")
        List<String> nodes,

        @Default("auto")
        @JsonPropertyDescription("auto (detected by the operator), standalone or cluster (Redis Cluster).")
        RedisTopology topology,

        @JsonPropertyDescription("Credentials, from a Secret in the cluster's namespace; unset: no AUTH.")
        RedisAuth auth,

        @JsonPropertyDescription("TLS towards Redis (also used with a rediss:// url).")
        RedisTls tls) {

    public RedisSpec {
        port = or(port, Defaults.REDIS_PORT);
        nodes = or(nodes, List.of());
        topology = or(topology, RedisTopology.AUTO);
        tls = or(tls, RedisTls.DISABLED);
    }
}
