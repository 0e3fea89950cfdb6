package org.usagelens.domain.archfixture;

/** Fixture: breaks the framework-free rule with a Spring annotation. */
@org.springframework.context.annotation.Configuration
public class DomainUsesSpring {
}
