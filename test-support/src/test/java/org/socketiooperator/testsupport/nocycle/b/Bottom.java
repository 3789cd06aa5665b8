package org.socketiooperator.testsupport.nocycle.b;

/** Uses nothing of its siblings, for PackageCyclesTest. */
public class Bottom {}
