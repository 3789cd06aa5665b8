package org.socketiooperator.testsupport.cycles.b;

import org.socketiooperator.testsupport.cycles.a.UsesB;

/** The other half of the package cycle, for PackageCyclesTest. */
public class UsesA {
    UsesB other;
}
