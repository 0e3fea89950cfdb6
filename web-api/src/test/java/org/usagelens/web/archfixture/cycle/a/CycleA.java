package org.usagelens.web.archfixture.cycle.a;

/** Fixture: half of a package cycle. */
public class CycleA {
    org.usagelens.web.archfixture.cycle.b.CycleB b;
}
