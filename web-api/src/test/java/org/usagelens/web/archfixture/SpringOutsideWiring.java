package org.usagelens.web.archfixture;

/** Fixture: Spring outside a wiring package. */
@org.springframework.context.annotation.Configuration
public class SpringOutsideWiring {
}
