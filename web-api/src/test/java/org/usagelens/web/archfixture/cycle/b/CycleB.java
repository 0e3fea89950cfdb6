package org.usagelens.web.archfixture.cycle.b;

/** Fixture: the other half of a package cycle. */
public class CycleB {
    org.usagelens.web.archfixture.cycle.a.CycleA a;
}
