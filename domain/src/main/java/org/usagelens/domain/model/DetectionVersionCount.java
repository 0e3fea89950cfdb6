package org.usagelens.domain.model;

/**
 * How many rows not supplied by a client carry a rules version ({@code null}: none), and how many of those have no
 * actual provider.
 */
public record DetectionVersionCount(String rulesVersion, long rows, long withoutProvider) {
}
