package org.socketiooperator.operator.status;

/** The condition types a SocketIoCluster reports. */
public final class ConditionTypes {
  /** All nodes of the current spec are ready. */
  public static final String READY = "Ready";
  /** The operator reached Redis with the cluster's credentials. */
  public static final String REDIS_REACHABLE = "RedisReachable";
  /** The operator can honour the spec (valid, Secrets present, Redis capable of the chosen mode). */
  public static final String ACCEPTED = "Accepted";

  private ConditionTypes() {}
}
