package org.usagelens.domain.archfixture;

/** Fixture: breaks the framework-free rule with Javalin. */
public class DomainUsesJavalin {
    void handle(io.javalin.http.Context ctx) {
    }
}
