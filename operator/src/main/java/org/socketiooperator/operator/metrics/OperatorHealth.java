package org.socketiooperator.operator.metrics;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator pod's probes ask, read from java-operator-sdk's {@link RuntimeInfo}: ready once the operator
 * has started; alive while every event source (the informers) is healthy, so a watch that stays broken (a
 * revoked permission, a deleted CRD) restarts the pod instead of leaving an operator that sees nothing.
 */
public interface OperatorHealth {

    /** Always ready and alive: for a metrics port served without an operator (tests). */
    OperatorHealth ALWAYS = new OperatorHealth() {
        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public List<String> problems() {
            return List.of();
        }
    };

    boolean ready();

    /** Empty while healthy; otherwise one line per unhealthy event source. */
    List<String> problems();

    static OperatorHealth of(Operator operator) {
        return new OperatorHealth() {
            @Override
            public boolean ready() {
                return operator.getRuntimeInfo().isStarted();
            }

            @Override
            public List<String> problems() {
                RuntimeInfo info = operator.getRuntimeInfo();
                if (info.allEventSourcesAreHealthy()) {
                    return List.of();
                }
                List<String> problems = new ArrayList<>();
                info.unhealthyEventSources()
                        .forEach((controller, sources) -> sources.forEach((name, indicator) ->
                                problems.add(controller + "/" + name + ": " + indicator.getStatus())));
                return problems;
            }
        };
    }
}
