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
  public static final int PDB_MAX_UNAVAILABLE = 1;
  public static final int DRAIN_PERIOD_SECONDS = 10;
  public static final int TERMINATION_GRACE_PERIOD_SECONDS = 30;

  private Defaults() {}

  static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
