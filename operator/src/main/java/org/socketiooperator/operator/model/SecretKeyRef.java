package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** A key of a Secret in the cluster's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SecretKeyRef(
        @Required @JsonPropertyDescription("Name of the Secret, in the cluster's namespace.")
        String name,

        @Default(Defaults.CA_KEY) @JsonPropertyDescription("Key in the Secret.")
        String key) {
    public SecretKeyRef {
        key = or(key, Defaults.CA_KEY);
    }
}
