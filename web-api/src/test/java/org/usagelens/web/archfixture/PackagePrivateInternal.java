package org.usagelens.web.archfixture;

/** Fixture: a web adapter class as its internals should be, package-private, with a public nested type. */
final class PackagePrivateInternal {
    private PackagePrivateInternal() {
    }

    /** Public, but reachable only through its package-private enclosing class. */
    public record Body(String value) {
    }
}
