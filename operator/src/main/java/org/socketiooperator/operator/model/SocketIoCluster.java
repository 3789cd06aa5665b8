package org.socketiooperator.operator.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Socket.IO cluster: a StatefulSet of nodes sharing one Redis adapter, and how clients reach it. */
@Group(SocketIoCluster.GROUP)
@Version(SocketIoCluster.VERSION)
@Kind("SocketIoCluster")
@Plural("socketioclusters")
@Singular("socketiocluster")
@ShortNames("sioc")
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".spec.replicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.readyReplicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".status.adapterMode", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Redis", jsonPath = ".status.conditions[?(@.type==\"RedisReachable\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class SocketIoCluster extends CustomResource<SocketIoClusterSpec, SocketIoClusterStatus> implements Namespaced {
  public static final String GROUP = "socketiooperator.org";
  public static final String VERSION = "v1alpha1";
}
