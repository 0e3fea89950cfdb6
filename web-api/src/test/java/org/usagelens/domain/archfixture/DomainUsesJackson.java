package org.usagelens.domain.archfixture;

/** Fixture: breaks the framework-free rule with Jackson. */
public class DomainUsesJackson {
    com.fasterxml.jackson.databind.ObjectMapper mapper;
}
