package org.socketiooperator.e2e.local;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/** Every distinct state of one SocketIoCluster's status, as a watch delivers them, with the time it was seen. */
final class ClusterTimeline implements AutoCloseable {
    record Entry(Instant at, String summary, GenericKubernetesResource cluster) {}

    private final List<Entry> entries = new ArrayList<>();
    private final SharedIndexInformer<GenericKubernetesResource> informer;

    ClusterTimeline(KubernetesClient client, String namespace, String name) {
        informer = Clusters.of(client).inNamespace(namespace).withName(name).inform(Pods.onAnyChange(this::record));
    }

    private synchronized void record(GenericKubernetesResource cluster) {
        String summary = Clusters.summary(cluster);
        if (entries.isEmpty() || !Objects.equals(entries.get(entries.size() - 1).summary(), summary)) {
            entries.add(new Entry(Instant.now(), summary, cluster));
        }
    }

    synchronized List<Entry> since(Instant from) {
        return entries.stream().filter(e -> !e.at().isBefore(from)).toList();
    }

    /** Whether some state seen since {@code from} matched. */
    synchronized boolean seen(Instant from, Predicate<GenericKubernetesResource> match) {
        return since(from).stream().anyMatch(e -> match.test(e.cluster()));
    }

    /** Every state seen, one per line, with the seconds since the first. */
    synchronized String print() {
        return entries.isEmpty() ? "  (nothing seen)\n" : print(entries.get(0).at());
    }

    /** The states since {@code from}, one per line, with the seconds since {@code from}. */
    synchronized String print(Instant from) {
        StringBuilder out = new StringBuilder();
        for (Entry entry : since(from)) {
            out.append(String.format(
                    "  %+7.1fs  %s%n", Duration.between(from, entry.at()).toMillis() / 1000.0, entry.summary()));
        }
        return out.toString();
    }

    @Override
    public void close() {
        informer.close();
    }
}
