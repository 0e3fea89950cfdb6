package org.usagelens.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.usagelens.domain.pricing.PriceFiles.at;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each instant gets the price in force that UTC day: from inclusive, to exclusive. */
class EffectiveDatingTest {

    private final PriceCatalog catalog = PriceFiles.standalone("""
            test-model,openai,test-model,input_token,0.000003,2025-01-01,2025-03-01,
            test-model,openai,test-model,input_token,0.000002,2025-03-01,2025-06-01,
            test-model,openai,test-model,input_token,0.000001,2025-07-01,,
            """);

    private BigDecimal price(String when) {
        return catalog.lookup("openai", "test-model", PriceUnit.INPUT_TOKEN, at(when))
                .map(PriceRow::usdPerUnit).orElse(null);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", textBlock = """
            2024-12-31T23:59:59.999Z, none
            2025-01-01,               0.000003
            2025-02-28T23:59:59.999Z, 0.000003
            2025-03-01,               0.000002
            2025-03-01T00:00:00.001Z, 0.000002
            2025-05-31T23:59:59Z,     0.000002
            2025-06-01,               none
            2025-06-30T12:00:00Z,     none
            2025-07-01,               0.000001
            2099-01-01,               0.000001
            """)
    void eachInstant_getsThePriceInForceThatDay(String when, String expected) {
        BigDecimal price = price(when);
        if (expected == null) {
            assertThat(price).isNull();
        } else {
            assertThat(price).isEqualByComparingTo(expected);
        }
    }

    @Test
    void aCallSpanningNoBoundary_isPricedByItsTimestamp_andThePriceChangeGivesEachCallItsOwnPrice() {
        Pricer pricer = new Pricer(catalog);
        PriceResult before = pricer.price(CallToPrice.tokens("openai", "test-model", at("2025-02-28T23:59:59Z"), 1000L, 0L));
        PriceResult after = pricer.price(CallToPrice.tokens("openai", "test-model", at("2025-03-01T00:00:00Z"), 1000L, 0L));

        assertThat(((PriceResult.Priced) before).costTotal()).isEqualByComparingTo("0.003");
        assertThat(((PriceResult.Priced) after).costTotal()).isEqualByComparingTo("0.002");
    }

    @Test
    void rowInForceAt_agreesWithTheLookup() {
        PriceRow first = catalog.rows().get(0);
        assertThat(first.inForceAt(at("2025-01-01"))).isTrue();
        assertThat(first.inForceAt(at("2025-03-01"))).isFalse();
        assertThat(first.inForceAt(Instant.parse("2024-12-31T23:59:59Z"))).isFalse();
    }
}
