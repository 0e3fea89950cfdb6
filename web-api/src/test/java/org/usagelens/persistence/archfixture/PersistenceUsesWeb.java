package org.usagelens.persistence.archfixture;

/** Fixture: one adapter depending on another. */
public class PersistenceUsesWeb {
    org.usagelens.web.HttpLimits limits;
}
