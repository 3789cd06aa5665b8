package org.socketiooperator.node.config;

/**
 * A configuration value the node cannot use. The message always starts with the variable's name so that
 * an operator reading a crash-looping pod's log knows at once which setting to fix.
 */
public final class ConfigException extends RuntimeException {

    private final String variable;

    public ConfigException(String variable, String problem) {
        // No stack trace: this is a user error, printed as one line.
        super(variable + ": " + problem, null, false, false);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
