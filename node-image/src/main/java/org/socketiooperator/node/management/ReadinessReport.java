package org.socketiooperator.node.management;

/** {@code reason} is the body of {@code /readyz}: a person reading a failing probe learns why. */
public record ReadinessReport(boolean ready, String reason) {}
