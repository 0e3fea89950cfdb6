package org.usagelens.persistence.archfixture;

/** Fixture: an internal class of the persistence adapter made public. */
public final class PublicInternal {
}
