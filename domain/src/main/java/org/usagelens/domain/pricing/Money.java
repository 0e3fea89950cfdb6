package org.usagelens.domain.pricing;

import java.math.BigDecimal;

/** Exact decimal helpers: amounts keep every digit and lose only trailing zeros. */
final class Money {

    private Money() {
    }

    /** The same value without trailing zeros and never in exponent form ({@code 4E+1} becomes {@code 40}). */
    static BigDecimal normalise(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
