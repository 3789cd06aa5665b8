package org.socketiooperator.e2e.local;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** How the kubelet stand-in turns a container into a local process (the part a container runtime plays). */
interface ContainerRuntime {

    /**
     * Starts the container's process; the kubelet owns it from then on (SIGTERM, SIGKILL, restarts).
     *
     * @param launch the container, its resolved environment and the loopback ports its container ports map to
     */
    Process start(Launch launch) throws IOException;

    /**
     * @param env the container's environment as Kubernetes resolves it (envFrom, then env)
     * @param ports container port to the loopback port that stands for it (the pod IP is 127.0.0.1 for all pods,
     *     so each pod gets ports of its own instead of a network namespace of its own)
     * @param mounts mount path in the container to the local directory that holds that volume (a process has no
     *     mount namespace of its own here; the runtime maps paths instead)
     * @param workDir a directory of the container's own, for what it writes (its emptyDir volumes)
     * @param log where its stdout and stderr go
     */
    record Launch(
            Pod pod,
            Container container,
            Map<String, String> env,
            Map<Integer, Integer> ports,
            Map<String, Path> mounts,
            Path workDir,
            Path log) {}
}
