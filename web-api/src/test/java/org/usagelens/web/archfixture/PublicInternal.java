package org.usagelens.web.archfixture;

/** Fixture: a web adapter class outside the wiring package, public though it is not one of the allowed public types. */
public final class PublicInternal {
    private PublicInternal() {
    }
}
