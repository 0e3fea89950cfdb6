package org.usagelens.domain.port.in;

import org.usagelens.domain.port.out.StoreHealth;

/** Inbound port: is the service able to serve requests (its store answers)? */
public interface CheckHealthUseCase {
    StoreHealth.Status check();
}
