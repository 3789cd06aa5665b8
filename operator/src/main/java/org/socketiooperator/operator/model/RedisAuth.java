package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** Redis credentials, by reference to a Secret in the cluster's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RedisAuth(
        @Required @JsonPropertyDescription("Name of the Secret holding the credentials.")
        String secretName,

        @Default(Defaults.PASSWORD_KEY) @JsonPropertyDescription("Key of the password in the Secret.")
        String passwordKey,

        @JsonPropertyDescription("Key of the ACL user name in the Secret; absent means the default user.")
        String usernameKey) {

    public RedisAuth {
        passwordKey = or(passwordKey, Defaults.PASSWORD_KEY);
    }
}
