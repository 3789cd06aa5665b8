package org.socketiooperator.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.socketiooperator.operator.model.CorsSpec;
import org.socketiooperator.operator.model.SessionAffinity;
import org.socketiooperator.operator.model.SocketIoClusterSpec;
import org.socketiooperator.operator.model.Transport;

/** Specs the operator accepts but that are likely to fail at run time: reported by a True Warning condition. */
public final class SpecWarnings {
    /** Cross-origin long-polling behind a sticky cookie, but the browser is not allowed to send the cookie. */
    public static final String CORS_WITHOUT_CREDENTIALS = "CorsWithoutCredentials";
    /** Rebalancing on, but whatever is sticky sends a shed client back to the node that shed it. */
    public static final String REBALANCE_BEHIND_AFFINITY = "RebalanceBehindAffinity";

    private SpecWarnings() {}

    /** The Warning condition this spec deserves (the first problem found, there is one such condition), or empty. */
    public static Optional<Condition> of(
            SocketIoClusterSpec spec, long generation, List<Condition> previous, Instant now) {
        if (spec == null) {
            return Optional.empty();
        }
        CorsSpec cors = spec.server().cors();
        boolean cookieSticky = spec.ingress().enabled()
                || (spec.httpRoute().enabled() && spec.httpRoute().sessionPersistence());
        if (cookieSticky
                && spec.server().transports().contains(Transport.POLLING)
                && !cors.origins().isEmpty()
                && !cors.credentials()) {
            return Optional.of(Conditions.of(
                    ConditionTypes.WARNING,
                    true,
                    CORS_WITHOUT_CREDENTIALS,
                    "clients from other origins (spec.server.cors.origins) reach the nodes through a cookie-sticky "
                            + (spec.ingress().enabled() ? "Ingress" : "HTTPRoute")
                            + ", but spec.server.cors.credentials is false: browsers then send no cookie with"
                            + " long-polling requests, requests land on other nodes and fail with \"Session ID"
                            + " unknown\". Set cors.credentials true (and withCredentials: true in the client), or"
                            + " use transports [websocket]",
                    generation,
                    previous,
                    now));
        }
        List<String> sticky = new ArrayList<>();
        if (spec.service().sessionAffinity() == SessionAffinity.CLIENT_IP) {
            sticky.add("the client Service's sessionAffinity ClientIP");
        }
        if (spec.ingress().enabled()) {
            sticky.add("the Ingress' affinity cookie");
        }
        if (spec.httpRoute().enabled() && spec.httpRoute().sessionPersistence()) {
            sticky.add("the HTTPRoute's sessionPersistence cookie");
        }
        if (spec.rebalance().on() && !sticky.isEmpty()) {
            return Optional.of(Conditions.of(
                    ConditionTypes.WARNING,
                    true,
                    REBALANCE_BEHIND_AFFINITY,
                    "spec.rebalance is on, but " + String.join(" and ", sticky) + " sends a client the nodes"
                            + " disconnect to rebalance back to the node it came from: rebalancing then costs"
                            + " reconnects and moves nobody. It works for clients that reach the nodes through a"
                            + " Service with sessionAffinity None and no cookie (WebSocket-only clients need none)",
                    generation,
                    previous,
                    now));
        }
        return Optional.empty();
    }
}
