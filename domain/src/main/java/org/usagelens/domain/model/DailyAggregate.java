package org.usagelens.domain.model;

import java.math.BigDecimal;
import java.time.LocalDate;

/** Calls and summed {@code cost_total} of one provider on one UTC day. */
public record DailyAggregate(LocalDate date, String provider, long calls, BigDecimal cost) {
}
