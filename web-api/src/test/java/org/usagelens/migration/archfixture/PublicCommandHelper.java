package org.usagelens.migration.archfixture;

/** Fixture: a helper of the CLI's commands made public. */
public class PublicCommandHelper {
}
