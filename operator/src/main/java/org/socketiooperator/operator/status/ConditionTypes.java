package org.socketiooperator.operator.status;

/** The condition types a SocketIoCluster reports. */
public final class ConditionTypes {
    /**
     * The current spec runs on every node and all are ready: the StatefulSet controller has seen the latest
     * StatefulSet, every pod its strategy lets update runs the update revision, and as many pods are ready as
     * the spec asks for.
     */
    public static final String READY = "Ready";
    /** At least one node is ready, so clients can connect. */
    public static final String AVAILABLE = "Available";
    /** A rollout (or scaling) of the nodes is under way. */
    public static final String PROGRESSING = "Progressing";
    /** The dependents say what the spec asks for; False when paused, when the spec is refused or a write failed. */
    public static final String RECONCILED = "Reconciled";
    /** The operator reached Redis with the cluster's credentials. */
    public static final String REDIS_REACHABLE = "RedisReachable";
    /** The operator can honour the spec (valid, Secrets present, Redis capable of the chosen mode). */
    public static final String ACCEPTED = "Accepted";

    /** Present while spec.monitoring.podMonitor is on: the PodMonitor is written (False: no Prometheus Operator). */
    public static final String MONITORING_READY = "MonitoringReady";
    /** Present while spec.httpRoute is on: the HTTPRoute is written (False: no Gateway API in the cluster). */
    public static final String HTTP_ROUTE_READY = "HTTPRouteReady";
    /**
     * Present (True) while the spec is valid but likely to fail at run time, e.g. cross-origin long-polling through
     * a cookie-sticky Ingress or Gateway without CORS credentials (the browser drops the cookie: "Session ID unknown").
     */
    public static final String WARNING = "Warning";

    private ConditionTypes() {}
}
