package org.usagelens.domain.model;

/** One line of the requirements' check: rows per category, actual provider (null: none) and model. */
public record ProviderCheckRow(String category, String actualProvider, String model, long rows) {
}
