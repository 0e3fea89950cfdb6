package org.usagelens.web.archfixture;

/** Fixture: a web class outside the wiring package naming a domain service instead of its inbound port. */
public class HandlerUsesService {
    org.usagelens.domain.service.ListUsageLogsService logs;
}
