package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/**
 * TLS towards Redis; the CA comes from a Secret when the server certificate is not publicly trusted, and a client
 * certificate from a kubernetes.io/tls Secret when Redis asks clients for one (mutual TLS).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RedisTls(
        @Default("false") @JsonPropertyDescription("Connect with TLS; a rediss:// url does too.")
        Boolean enabled,

        @JsonPropertyDescription("Secret key holding the PEM CA that signed the Redis certificate.")
        SecretKeyRef caSecret,

        @JsonPropertyDescription("Name of a kubernetes.io/tls Secret (keys tls.crt and tls.key, as cert-manager"
                + " writes it) whose certificate the nodes and the operator's Redis check show to a Redis that"
                + " asks clients for one (tls-auth-clients yes). The key must be unencrypted PKCS#8 (BEGIN"
                + " PRIVATE KEY; cert-manager: privateKey.encoding PKCS8). Needs tls.enabled.")
        String clientCertSecret) {

    /** The keys of a kubernetes.io/tls Secret. */
    public static final String CERT_KEY = "tls.crt";

    public static final String KEY_KEY = "tls.key";

    public static final RedisTls DISABLED = new RedisTls(false, null, null);

    public RedisTls {
        enabled = or(enabled, false);
    }
}
