package org.socketiooperator.operator.status;

/**
 * The node configuration the operator wants: the checksum it puts on the pod template and the adapter mode
 * in that configuration. A pod template with this checksum was started with this mode (the ConfigMap is
 * written before the StatefulSet, and any change to it changes the checksum).
 */
public record NodeConfig(String checksum, String adapterMode) {}
