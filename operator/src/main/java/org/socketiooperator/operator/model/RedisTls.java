package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** TLS towards Redis; the CA comes from a Secret when the server certificate is not publicly trusted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RedisTls(
        @Default("false") @JsonPropertyDescription("Connect with TLS; a rediss:// url does too.")
        Boolean enabled,

        @JsonPropertyDescription("Secret key holding the PEM CA that signed the Redis certificate.")
        SecretKeyRef caSecret) {

    public static final RedisTls DISABLED = new RedisTls(false, null);

    public RedisTls {
        enabled = or(enabled, false);
    }
}
