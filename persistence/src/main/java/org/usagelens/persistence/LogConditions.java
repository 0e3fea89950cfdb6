package org.usagelens.persistence;

import static org.usagelens.persistence.jooq.Tables.API_USAGE_LOGS;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.usagelens.domain.model.LegacyAttribution;
import org.usagelens.domain.model.UsageLogFilter;

/** A {@link UsageLogFilter} as SQL conditions: on the log rows, and the same criteria on the rollups' columns. */
final class LogConditions {
    private LogConditions() {
    }

    /** The rows of api_usage_logs the filter selects, with rows without a provider attributed as given. */
    static Condition of(UsageLogFilter f, LegacyAttribution attribution) {
        var t = API_USAGE_LOGS;
        List<Condition> c = new ArrayList<>();
        c.add(t.USER_ID.eq(f.userId()));
        if (f.actualProvider() != null) {
            Condition stored = t.ACTUAL_PROVIDER_NAME.eq(f.actualProvider());
            List<LegacyAttribution.CallSignature> legacy = attribution.signaturesOf(f.actualProvider());
            if (!legacy.isEmpty()) {
                stored = stored.or(t.ACTUAL_PROVIDER_NAME.isNull()
                        .and(DSL.or(legacy.stream().map(LogConditions::signature).toList())));
            }
            c.add(stored);
        }
        c.addAll(calls(f, t.PROVIDER, t.STATUS_CODE, t.BILLING_PERIOD));
        if (f.from() != null) {
            c.add(t.TIMESTAMP.ge(OffsetDateTime.ofInstant(f.from(), ZoneOffset.UTC)));
        }
        if (f.to() != null) {
            c.add(t.TIMESTAMP.lt(OffsetDateTime.ofInstant(f.to(), ZoneOffset.UTC)));
        }
        return DSL.and(c);
    }

    /**
     * The filter's category, status, status code and billing period on the given columns: the same criteria
     * for the log rows and for their rollups.
     */
    static List<Condition> calls(UsageLogFilter f, Field<String> category, Field<Integer> statusCode,
                                 Field<String> billingPeriod) {
        List<Condition> c = new ArrayList<>();
        if (f.category() != null) {
            c.add(category.eq(f.category().wireName()));
        }
        if (f.status() != null) {
            Condition success = statusCode.between(200, 299);
            c.add(f.status() == UsageLogFilter.CallStatus.SUCCESS ? success : success.not());
        }
        if (f.statusCode() != null) {
            c.add(statusCode.eq(f.statusCode()));
        }
        if (f.billingPeriod() != null) {
            c.add(billingPeriod.eq(f.billingPeriod()));
        }
        return c;
    }

    /**
     * The filter's user's rows of a rollup that still count calls (rows whose calls were all deleted stay, at 0),
     * of the filter's actual provider when it names one.
     */
    static List<Condition> rollupRows(UsageLogFilter filter, Field<String> user, Field<Long> calls,
                                      Field<String> actualProvider) {
        List<Condition> where = rollupGroups(filter, user, actualProvider);
        where.add(calls.ne(0L));
        return where;
    }

    /** The filter's user's rows of a rollup, of the filter's actual provider when it names one, with or without calls. */
    static List<Condition> rollupGroups(UsageLogFilter filter, Field<String> user, Field<String> actualProvider) {
        List<Condition> where = new ArrayList<>();
        where.add(user.eq(filter.userId()));
        if (filter.actualProvider() != null) {
            where.add(actualProvider.eq(filter.actualProvider()));
        }
        return where;
    }

    /** The actual provider of a row: the stored one, or the one the attribution gives its signature. */
    static Field<String> provider(LegacyAttribution attribution) {
        var t = API_USAGE_LOGS;
        if (attribution.isEmpty()) {
            return t.ACTUAL_PROVIDER_NAME;
        }
        var cases = DSL.choose();
        org.jooq.CaseConditionStep<String> step = null;
        for (Map.Entry<LegacyAttribution.CallSignature, String> e : attribution.providerBySignature().entrySet()) {
            Condition match = signature(e.getKey());
            step = step == null ? cases.when(match, DSL.inline(e.getValue())) : step.when(match, DSL.inline(e.getValue()));
        }
        return DSL.coalesce(t.ACTUAL_PROVIDER_NAME, step);
    }

    private static Condition signature(LegacyAttribution.CallSignature s) {
        var t = API_USAGE_LOGS;
        return t.PROVIDER.eq(s.category())
                .and(s.model() == null ? t.MODEL_USED.isNull() : t.MODEL_USED.eq(s.model()))
                .and(t.ENDPOINT.eq(s.endpoint()));
    }
}
