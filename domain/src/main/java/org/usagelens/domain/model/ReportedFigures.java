package org.usagelens.domain.model;

import java.math.BigDecimal;

/**
 * A call's token counts and cost as its writer reported them, with the flat accessors the store's columns, the API
 * and the CSV use; each null when not reported (unknown, never zero).
 */
public interface ReportedFigures {
    Tokens tokens();

    Costs costs();

    default Long tokensInput() {
        return tokens().input();
    }

    default Long tokensOutput() {
        return tokens().output();
    }

    default Long tokensTotal() {
        return tokens().total();
    }

    default BigDecimal costInput() {
        return costs().input();
    }

    default BigDecimal costOutput() {
        return costs().output();
    }

    /** The reported total cost, or null for none (for a new event: the catalog prices the call). */
    default BigDecimal costTotal() {
        return costs().total();
    }
}
