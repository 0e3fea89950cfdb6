package org.usagelens.domain.archfixture;

/** Fixture: breaks the framework-free rule with jOOQ. */
public class DomainUsesJooq {
    org.jooq.DSLContext dsl;
}
