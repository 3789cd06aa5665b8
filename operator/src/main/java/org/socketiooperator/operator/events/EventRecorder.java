package org.socketiooperator.operator.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Posts Kubernetes events about a cluster. Best effort: failing to post one never fails a reconcile. */
public final class EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final String COMPONENT = "socketio-operator";

    private final KubernetesClient client;
    private final Clock clock;

    public EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public void normal(HasMetadata about, String reason, String message) {
        post(about, "Normal", reason, message);
    }

    public void warning(HasMetadata about, String reason, String message) {
        post(about, "Warning", reason, message);
    }

    private void post(HasMetadata about, String type, String reason, String message) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        String namespace = about.getMetadata().getNamespace();
        try {
            client.v1()
                    .events()
                    .inNamespace(namespace)
                    .resource(new EventBuilder()
                            .withNewMetadata()
                            .withName(about.getMetadata().getName() + "."
                                    + UUID.randomUUID().toString().substring(0, 8))
                            .withNamespace(namespace)
                            .endMetadata()
                            .withNewInvolvedObject()
                            .withApiVersion(about.getApiVersion())
                            .withKind(about.getKind())
                            .withName(about.getMetadata().getName())
                            .withNamespace(namespace)
                            .withUid(about.getMetadata().getUid())
                            .endInvolvedObject()
                            .withType(type)
                            .withReason(reason)
                            .withMessage(message)
                            .withFirstTimestamp(now)
                            .withLastTimestamp(now)
                            .withCount(1)
                            .withNewSource()
                            .withComponent(COMPONENT)
                            .endSource()
                            .build())
                    .create();
        } catch (KubernetesClientException e) {
            LOG.warn(
                    "could not post event {} about {}/{}: {}",
                    reason,
                    namespace,
                    about.getMetadata().getName(),
                    e.getMessage());
        }
    }
}
