package org.socketiooperator.operator.dependents;

/** The node's ports and health paths, from docs/node-contract.md. */
public final class NodePorts {
    public static final int CLIENT = 3000;
    public static final int MANAGEMENT = 9090;
    public static final String CLIENT_NAME = "http";
    public static final String MANAGEMENT_NAME = "management";
    public static final String LIVENESS_PATH = "/healthz";
    public static final String READINESS_PATH = "/readyz";
    public static final long RUN_AS_USER = 1000L;

    private NodePorts() {}
}
