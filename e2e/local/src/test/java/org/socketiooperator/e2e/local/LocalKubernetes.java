package org.socketiooperator.e2e.local;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Kubernetes without a cluster: fabric8's mock API server ({@link LocalApiServer}) and stand-ins for the
 * controllers a SocketIoCluster relies on, each with a client of its own: the StatefulSet controller, the
 * garbage collector, a kubelet that runs pods as local processes, and kube-proxy for the Services. Closing it
 * stops every process it started and every server it opened.
 */
public final class LocalKubernetes implements AutoCloseable {
    private final LocalApiServer api;
    private final List<AutoCloseable> parts = new ArrayList<>();
    private final Kubelet kubelet;
    private final ServiceProxies services;

    private LocalKubernetes(LocalApiServer api, ContainerRuntime runtime, Path logDir) {
        this.api = api;
        try {
            StatefulSetController statefulSets = new StatefulSetController(api.newClient());
            statefulSets.start();
            parts.add(statefulSets);

            KubernetesClient gcClient = api.newClient();
            GarbageCollector gc = new GarbageCollector()
                    .watch("Pod", gcClient.pods())
                    .watch("ConfigMap", gcClient.configMaps())
                    .watch("Secret", gcClient.secrets())
                    .watch("Service", gcClient.services())
                    .watch("StatefulSet", gcClient.apps().statefulSets())
                    .watch("ControllerRevision", gcClient.apps().controllerRevisions())
                    .watch("PodDisruptionBudget", gcClient.policy().v1().podDisruptionBudget())
                    .watch("Ingress", gcClient.network().v1().ingresses());
            for (CustomResourceDefinition crd : gcClient.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .list()
                    .getItems()) {
                MixedOperation<GenericKubernetesResource, ?, ?> custom =
                        gcClient.genericKubernetesResources(CustomResourceDefinitionContext.fromCrd(crd));
                gc.watch(crd.getSpec().getNames().getKind(), custom);
            }
            parts.add(gc);

            kubelet = new Kubelet(api.newClient(), runtime, logDir);
            kubelet.start();
            parts.add(kubelet);

            services = new ServiceProxies(api.newClient());
            services.start();
            parts.add(services);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Starts the API server with these CRDs installed, then the controllers.
     *
     * @param runtime how the kubelet runs containers
     * @param logDir where the containers' output goes, one file per pod and restart
     */
    public static LocalKubernetes start(ContainerRuntime runtime, Path logDir, String... crdResources) {
        return new LocalKubernetes(LocalApiServer.start(crdResources), runtime, logDir);
    }

    public LocalApiServer api() {
        return api;
    }

    public KubernetesClient client() {
        return api.client();
    }

    Kubelet kubelet() {
        return kubelet;
    }

    ServiceProxies services() {
        return services;
    }

    /** Stops the controllers (the kubelet stops its containers: SIGTERM, SIGKILL after 5 s), then the API server. */
    @Override
    public void close() {
        List<AutoCloseable> reversed = new ArrayList<>(parts);
        java.util.Collections.reverse(reversed);
        for (AutoCloseable part : reversed) {
            try {
                part.close();
            } catch (Exception e) {
                // keep closing the others
            }
        }
        api.close();
    }
}
