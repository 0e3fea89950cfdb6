package org.usagelens.detection;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Detects the provider that really served an AI API call from its (category, model, endpoint); immutable and thread-safe. */
public final class ProviderDetector {

    /** Where the built-in catalog lives, relative to this class; also the source name in its error messages. */
    static final String BUILT_IN_RESOURCE = "builtin-rules.txt";
    static final String BUILT_IN_SOURCE = "org/usagelens/detection/" + BUILT_IN_RESOURCE;

    private final RuleCatalog catalog;
    private final CompiledRules rules;
    private final List<Provider> providers;
    private final Map<String, Provider> providersById;

    private ProviderDetector(RuleCatalog catalog) {
        this.catalog = catalog;
        this.rules = new CompiledRules(catalog);
        this.providers = catalog.providers();
        Map<String, Provider> byId = new LinkedHashMap<>();
        for (Provider p : providers) {
            byId.put(p.id(), p);
        }
        this.providersById = byId;
    }

    /** Loaded once per class loader: the built-in catalog never changes while the JVM runs. */
    private static final class BuiltIn {
        static final ProviderDetector INSTANCE = new ProviderDetector(loadBuiltInCatalog());
    }

    private static RuleCatalog loadBuiltInCatalog() {
        try (InputStream in = ProviderDetector.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in rule file missing from the jar: " + BUILT_IN_SOURCE);
            }
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder());
            return RuleCatalog.of(RuleFileParser.parse(BUILT_IN_SOURCE, reader, null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in rule file " + BUILT_IN_SOURCE, e);
        }
    }

    /** The built-in catalog from the rule file in the jar. */
    public static ProviderDetector builtIn() {
        return BuiltIn.INSTANCE;
    }

    /**
     * The built-in catalog plus a deployment rule file, whose rules add to the built-ins and replace built-ins of the
     * same id.
     *
     * @throws RuleFileException when the file cannot be read or has a bad line
     */
    public static ProviderDetector withDeploymentRules(Path ruleFile) {
        Objects.requireNonNull(ruleFile, "ruleFile");
        String source = ruleFile.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(ruleFile);
        } catch (IOException e) {
            throw new RuleFileException(source, 0, "cannot read rule file: " + e, e);
        }
        checkUtf8(source, bytes);
        return withDeploymentRules(source, new StringReader(new String(bytes, StandardCharsets.UTF_8)));
    }

    /** Decodes line by line so that a bad byte is reported on its own line, not where a buffer happened to fill. */
    private static void checkUtf8(String source, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    decoder.reset().decode(ByteBuffer.wrap(bytes, start, i - start));
                } catch (CharacterCodingException e) {
                    throw new RuleFileException(source, line, "not valid UTF-8", e);
                }
                line++;
                start = i + 1;
            }
        }
    }

    /**
     * Same as {@link #withDeploymentRules(Path)}, reading the rules from {@code rules}; {@code sourceName} names them
     * in error messages.
     *
     * @throws RuleFileException when the rules cannot be read or have a bad line
     */
    public static ProviderDetector withDeploymentRules(String sourceName, Reader rules) {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(rules, "rules");
        RuleCatalog base = builtIn().catalog;
        return new ProviderDetector(base.with(RuleFileParser.parse(sourceName, rules, base)));
    }

    /**
     * The provider that served the call. Any argument may be null, empty or arbitrary text; this never throws and
     * never returns null.
     */
    public Detection detect(String category, String model, String endpoint) {
        return rules.detect(category, model, endpoint);
    }

    /**
     * The provider that served a call whose category is only an instrumentation's guess, such as an OpenTelemetry GenAI
     * span: the conventions call {@code gen_ai.provider.name} a best guess that "may differ from the actual model
     * provider" (an OpenAI SDK pointed at the Hugging Face router reports {@code openai}). So the precedence is
     * <b>endpoint, then model id, then the hint, then the category's default</b>: the hint ranks below what the call
     * itself shows, and a category naming one vendor does not decide (it was derived from the same guess). The hint is
     * matched against the providers' OpenTelemetry names ({@link Provider#otelName()}, trimmed, case-insensitive, with
     * the registry's older and alternative names: {@code gcp.vertex_ai}, {@code gcp.gen_ai}, {@code az.ai.openai},
     * {@code xai}, ...); a detection it decides has source {@link DetectionSource#HINT} and rule
     * {@code hint.<otel name>}. Calls an application logged itself keep {@link #detect}'s precedence. Any argument
     * may be null or arbitrary text; this never throws and never returns null.
     */
    public Detection detectWithProviderHint(String category, String model, String endpoint, String providerHint) {
        return rules.detectWithHint(category, model, endpoint, providerHint);
    }

    /** What {@link #detectWithProviderHint} decides and why, step by step, in its precedence order. */
    public Explanation explainWithProviderHint(String category, String model, String endpoint, String providerHint) {
        return new Explainer(rules).explainWithHint(category, model, endpoint, providerHint);
    }

    RuleCatalog catalog() {
        return catalog;
    }

    public Explanation explain(String category, String model, String endpoint) {
        return new Explainer(rules).explain(category, model, endpoint);
    }

    /**
     * The effective catalog's version, {@code r<built-in revision>.<deployment revision>-<content hash>}, e.g.
     * {@code r1.0-3f9a1c2b7d4e}: the revisions order versions (a higher one is newer), the hash tells catalogs of equal
     * revisions apart; equal catalogs give equal versions.
     */
    public String rulesVersion() {
        return catalog.version();
    }

    /** The catalog's providers in a stable order: built-ins in file order, then providers a deployment added. */
    public List<Provider> providers() {
        return providers;
    }

    public Optional<Provider> provider(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(providersById.get(id));
    }

    /** Whether the category names one vendor and so decides on its own (precedence step 1). */
    public boolean isVendorCategory(String category) {
        return rules.category(category).vendor != null;
    }
}
