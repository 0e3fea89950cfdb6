package org.usagelens.persistence.archfixture;

/** Fixture: an internal class of the persistence adapter as it should be, with a public member type. */
final class PackagePrivateInternal {
    /** Public, but reachable only through its package-private owner. */
    public record Report(long rows) {
    }
}
