package org.socketiooperator.operator.model;

/** Default values shared by the model (applied when a field is absent) and the CRD schema (@Default). */
public final class Defaults {
    public static final int REPLICAS = 2;
    public static final int REDIS_PORT = 6379;
    public static final String PASSWORD_KEY = "password";
    public static final String CA_KEY = "ca.crt";
    public static final String CHANNEL_PREFIX = "socket.io";
    public static final int REQUESTS_TIMEOUT_MS = 5000;
    public static final String PATH = "/socket.io";
    public static final int PING_INTERVAL_MS = 25000;
    public static final int PING_TIMEOUT_MS = 20000;
    public static final long MAX_HTTP_BUFFER_SIZE = 1_000_000L;
    /**
     * The node's default SIO_MAX_BUFFERED_BYTES. Never written by the operator (an absent
     * spec.server.maxBufferedBytes leaves the variable out); only used to check maxHttpBufferSize against it.
     */
    public static final long NODE_MAX_BUFFERED_BYTES = 4L * 1024 * 1024;
    /** The largest SIO_MAX_ATTACHMENTS the node accepts. */
    public static final int MAX_ATTACHMENTS_LIMIT = 10_000;

    public static final int SERVICE_PORT = 80;
    public static final int SESSION_AFFINITY_TIMEOUT_SECONDS = 10800;
    public static final String INGRESS_PATH = "/";
    public static final String AFFINITY_COOKIE = "sio-route";
    /** Scrape interval of the nodes' PodMonitor. */
    public static final String SCRAPE_INTERVAL = "30s";

    public static final int PDB_MAX_UNAVAILABLE = 1;
    public static final int DRAIN_PERIOD_SECONDS = 10;
    /** Pause before the drain starts, so endpoints and load balancers drop a stopping pod first. */
    public static final int PRE_STOP_DELAY_SECONDS = 5;
    /** What the node takes beyond its drain period to close Redis and its ports (GracefulShutdown's bound). */
    public static final int NODE_CLOSE_SECONDS = 10;
    /** Added to the minimum when the operator computes the grace period: the JVM's exit and kubelet timing. */
    public static final int GRACE_HEADROOM_SECONDS = 5;
    /** A new or replaced pod counts as available only after being ready this long (StatefulSet minReadySeconds). */
    public static final int MIN_READY_SECONDS = 10;
    /** As a Deployment's default. */
    public static final int PROGRESS_DEADLINE_SECONDS = 600;

    private Defaults() {}

    static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
