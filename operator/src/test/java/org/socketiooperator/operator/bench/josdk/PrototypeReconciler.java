package org.socketiooperator.operator.bench.josdk;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.util.concurrent.atomic.AtomicReference;
import org.socketiooperator.operator.model.SocketIoCluster;

/**
 * The same dependents as a managed workflow, chained in the operator's order of dependence (ConfigMap,
 * Services, StatefulSet, PDB, NetworkPolicy) so that a refused write stops the ones after it.
 */
@Workflow(
        dependents = {
            @Dependent(name = "config", type = PrototypeDependents.Config.class),
            @Dependent(name = "headless", type = PrototypeDependents.Headless.class, dependsOn = "config"),
            @Dependent(name = "clients", type = PrototypeDependents.Clients.class, dependsOn = "headless"),
            @Dependent(name = "nodes", type = PrototypeDependents.Nodes.class, dependsOn = "clients"),
            @Dependent(name = "budget", type = PrototypeDependents.Budget.class, dependsOn = "nodes"),
            @Dependent(name = "policy", type = PrototypeDependents.Policy.class, dependsOn = "budget")
        })
@ControllerConfiguration(name = "prototype")
public final class PrototypeReconciler implements Reconciler<SocketIoCluster> {
    /** The last error the workflow handed to updateErrorStatus, for the harness to print. */
    static final AtomicReference<Exception> LAST_ERROR = new AtomicReference<>();

    @Override
    public UpdateControl<SocketIoCluster> reconcile(SocketIoCluster cluster, Context<SocketIoCluster> context) {
        return UpdateControl.noUpdate();
    }

    @Override
    public ErrorStatusUpdateControl<SocketIoCluster> updateErrorStatus(
            SocketIoCluster cluster, Context<SocketIoCluster> context, Exception e) {
        LAST_ERROR.set(e);
        return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
}
