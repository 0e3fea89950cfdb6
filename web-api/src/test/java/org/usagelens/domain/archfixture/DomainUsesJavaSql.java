package org.usagelens.domain.archfixture;

/** Fixture: breaks the framework-free rule with JDBC. */
public class DomainUsesJavaSql {
    java.sql.Connection connection;
}
