package org.usagelens.domain.archfixture;

/** Fixture: breaks the framework-free rule with the Servlet API. */
public class DomainUsesJakarta {
    jakarta.servlet.http.HttpServletRequest request;
}
