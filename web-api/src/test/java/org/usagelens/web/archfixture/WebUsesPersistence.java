package org.usagelens.web.archfixture;

/** Fixture: a web class outside the wiring package depending on persistence. */
public class WebUsesPersistence {
    org.usagelens.persistence.DatabaseUrl url;
}
