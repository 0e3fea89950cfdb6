package org.usagelens.domain.pricing;

/** Why a call has no cost. Unpriced is explicit on purpose: a figure that leaves out part of a call is not given. */
public enum UnpricedReason {
    /** The call names no model (null or blank). */
    UNKNOWN_MODEL,
    /** The catalog has no price for that provider and model at that instant (or the model is ambiguous there). */
    NO_PRICE,
    /** The call reports no quantity in any unit the catalog prices for that model. */
    NO_UNITS,
    /** The call reports a quantity in a unit the catalog has no price for at that model (e.g. cached tokens). */
    PARTIAL,
    /** The catalog prices the model in a unit whose quantity the call does not report (e.g. tokens_output null). */
    UNKNOWN_QUANTITY
}
