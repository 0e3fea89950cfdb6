/**
 * The price catalog: what each AI API call should have cost. JDK only (plus the detection module for provider ids);
 * money is exact {@link java.math.BigDecimal}, dates are UTC days.
 *
 * <h2>Price files</h2>
 * The built-in catalog is {@code builtin-prices.csv} in this package's resources ({@link
 * org.usagelens.domain.pricing.PriceCatalog#builtIn()}); a deployment file in the same format adds and overrides rows
 * ({@link org.usagelens.domain.pricing.PriceCatalog#withDeploymentFile(java.nio.file.Path)}).
 * <ul>
 * <li>UTF-8 CSV, one row per line (RFC 4180 quoting: a field in double quotes may contain commas, {@code ""} is one
 * quote; a field cannot span lines). Spaces around a field are dropped. A line whose first character is {@code #} is
 * a comment; blank lines are ignored.</li>
 * <li>The first other line is the header. Required columns: {@code model, provider, provider_model, unit,
 * usd_per_unit, effective_from}; optional: {@code effective_to, source}; in any order. An unknown or repeated column
 * is an error (a typo must not silently drop a column). Every row has as many fields as the header.</li>
 * <li>{@code model}: the canonical, provider-neutral id (lower-case letters, digits, {@code . _ -}), e.g.
 * {@code flux-dev}. {@code provider}: a provider id of the detection catalog. {@code provider_model}: the id that
 * provider's API uses, e.g. {@code fal-ai/flux/dev} (at most 100 characters, the longest model a usage event
 * carries). {@code unit}: one of {@link org.usagelens.domain.pricing.PriceUnit}. {@code usd_per_unit}: USD for ONE
 * unit, a plain non-negative decimal ({@code 0.0000025}; no sign, no exponent), at most 12 decimal places after
 * trailing zeros are dropped, below 1,000,000. {@code effective_from}, {@code effective_to}: {@code YYYY-MM-DD}, UTC;
 * from inclusive, to exclusive and after from; an empty {@code effective_to} means the price still holds.
 * {@code source}: free text, usually the vendor's price page.</li>
 * <li>Within one file, rows of the same key (provider, provider_model ignoring case, unit) must not overlap in time;
 * two with the same range are reported as duplicates. Rows of one (provider, provider_model) in force at the same
 * time must name the same canonical model.</li>
 * <li>A bad file fails at load with {@link org.usagelens.domain.pricing.PriceFileException}: {@code
 * <file>:<line>: <reason>}, for the first bad line.</li>
 * </ul>
 *
 * <h2>Deployment override</h2>
 * Deployment rows win for their range. For each key the deployment prices, every built-in row of that key keeps only
 * the parts of its range that no deployment row of the key covers: it is clipped, split in two, or dropped. Keys the
 * deployment does not price keep their built-in rows; new keys are added. (Example: built-in gpt-4o input
 * {@code [2024-10-02, open)}, deployment {@code [2025-01-01, 2025-07-01)}: the built-in price applies before
 * 2025-01-01 and again from 2025-07-01.) A deployment cannot delete a built-in price without giving another one. The
 * merged catalog must still name one canonical model per endpoint at a time; a deployment row that renames an
 * endpoint's model where built-in rows of other units still apply is an error.
 *
 * <h2>Matching a logged model</h2>
 * For a call's (provider, model string, instant), in this order; the first step that finds an endpoint decides
 * (recorded as {@link org.usagelens.domain.pricing.ModelMatch}):
 * <ol>
 * <li>the string, stripped of surrounding white space, equals a {@code provider_model} of that provider ignoring
 * case. This covers the HuggingFace router form {@code org/model:provider}: the catalog keys those rows by the full
 * router id, so {@code openai/gpt-oss-120b:groq} on huggingface has the Groq price and an id without a suffix (or
 * with {@code :fastest}, {@code :cheapest}) has none, as the router picks the server per request;</li>
 * <li>the string is {@code <provider id>/<provider_model>} (the LiteLLM routing form, e.g.
 * {@code groq/llama-3.3-70b-versatile}, {@code openrouter/openai/gpt-4o}): the prefix is dropped;</li>
 * <li>the string is a canonical model id that the provider prices at that instant, under one or more
 * provider_models that all have the same units and prices then (e.g. {@code claude-3.5-sonnet} on anthropic). If they
 * differ (e.g. {@code imagen-3} on google), there is no price.</li>
 * </ol>
 * No other normalisation (no date-suffix stripping, no {@code models/} prefix, no Bedrock cross-region profiles).
 *
 * <h2>Pricing a call</h2>
 * {@link org.usagelens.domain.pricing.Pricer#price(org.usagelens.domain.pricing.CallToPrice)}: the quantity of
 * {@code input_token} is {@code tokensInput - cachedInputTokens}, of {@code cached_input_token} the cached input
 * tokens (not reported = none), of {@code output_token} {@code tokensOutput}, of other units their entry in
 * {@link org.usagelens.domain.pricing.Units}. The call is unpriced ({@link org.usagelens.domain.pricing.UnpricedReason})
 * rather than priced low, checked in this order:
 * <ol>
 * <li>{@code UNKNOWN_MODEL}: no model string;</li>
 * <li>{@code NO_PRICE}: no endpoint matches, it has no price in force at that instant, or the canonical id is
 * ambiguous;</li>
 * <li>{@code NO_UNITS}: the call reports no quantity in any unit priced for the model;</li>
 * <li>{@code PARTIAL}: the call reports a quantity above zero in a unit the model has no price for. Every unit other
 * than tokens counts. Token counts count on a model priced only in tokens; on a model priced per image, second,
 * character or request they are informational (Gemini reports 1290 output tokens for an image its {@code image} row
 * prices), except cached input tokens where input tokens are priced. Partial pricing is never done: finance prefers
 * an explicit "unpriced" to a silently low figure;</li>
 * <li>{@code UNKNOWN_QUANTITY}: the model is priced in a unit the call reports no quantity for (e.g. tokensOutput null
 * for a token model, or no {@code request} count for Perplexity's per-search fee). {@code request} is not assumed to
 * be 1: some rows price per page or per search under it.</li>
 * </ol>
 * Otherwise the call is priced: every amount is {@code quantity × usd_per_unit} exactly, summed, never rounded,
 * trailing zeros stripped.
 *
 * <h2>Price version</h2>
 * {@link org.usagelens.domain.pricing.PriceCatalog#priceVersion()} is {@code p} and 12 hex digits of the SHA-256 of the
 * effective rows, to store with every priced or unpriced call; it changes exactly when a price, range, key or
 * canonical model changes, not with comments, column order, sources or file layout.
 */
package org.usagelens.domain.pricing;
