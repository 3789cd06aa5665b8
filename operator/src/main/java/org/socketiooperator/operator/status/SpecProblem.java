package org.socketiooperator.operator.status;

/** Why the operator cannot honour a spec: a condition reason and a message naming the field to fix. */
public record SpecProblem(String reason, String message) {}
