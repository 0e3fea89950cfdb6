package org.usagelens.domain.port.in;

import java.util.function.Consumer;
import org.usagelens.domain.model.DisplayedUsageLog;
import org.usagelens.domain.model.UsageLogFilter;

/** Inbound port: every usage log matching a filter, newest first, handed over one at a time. */
public interface ExportUsageLogsUseCase {

    /** Hands each matching log to the sink in bounded chunks; returns how many it handed over. */
    long export(UsageLogFilter filter, Consumer<DisplayedUsageLog> sink);
}
