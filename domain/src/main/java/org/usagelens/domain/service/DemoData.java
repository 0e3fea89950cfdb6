package org.usagelens.domain.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.time.temporal.ChronoUnit;
import org.usagelens.detection.Detection;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.model.Category;
import org.usagelens.domain.model.Costs;
import org.usagelens.domain.model.NewUsageLog;
import org.usagelens.domain.model.StoredDetection;
import org.usagelens.domain.model.StoredCost;
import org.usagelens.domain.model.Tokens;
import org.usagelens.domain.model.UsageEvent;
import org.usagelens.domain.pricing.PriceCatalog;
import org.usagelens.domain.pricing.Pricer;
import org.usagelens.domain.pricing.Units;
import java.util.Map;

/**
 * Generates realistic demo usage: the original system's categories, models and endpoints over the
 * last three months (or any window), with failures, retries and a share of rows left without an actual provider as
 * the original system left them. Deterministic for a given seed and instant.
 */
public final class DemoData {

    /** The user the dashboard signs in as in demo mode. */
    public static final String DEMO_USER = "demo-user";

    private static final String[] OTHER_USERS = {"acme-studio", "globex-labs", "initech-media"};

    /** One kind of call the original system makes; costs are per call or per 1k tokens. */
    private record CallKind(Category category, String model, String endpoint, int weight,
                            boolean tokens, String costPerCallOrPer1k, double meanSeconds) {
    }

    private static final List<CallKind> KINDS = List.of(
            new CallKind(Category.VIDEO, "alibaba/wan-2.5/text-to-video", "/video-generation/wavespeed", 9, false, "0.50", 48),
            new CallKind(Category.VIDEO, "bytedance/seedance-v1-pro-t2v-720p", "/video-generation/wavespeed", 5, false, "0.30", 41),
            new CallKind(Category.VIDEO, "wavespeed-ai/infinitetalk", "/video-generation/wavespeed", 3, false, "0.15", 35),
            new CallKind(Category.VIDEO, "google/veo3-fast", "https://api.wavespeed.ai/api/v3/google/veo3-fast", 2, false, "3.20", 75),
            new CallKind(Category.VIDEO, "tencent/HunyuanVideo", "/video-generation/huggingface", 2, false, "0.40", 90),
            new CallKind(Category.STABILITY, "qwen-image", "/image-generation/wavespeed", 8, false, "0.025", 6),
            new CallKind(Category.STABILITY, "ideogram-ai/ideogram-v3-turbo", "/image-generation/wavespeed", 4, false, "0.03", 7),
            new CallKind(Category.STABILITY, "black-forest-labs/flux-dev", "/image-generation/wavespeed", 5, false, "0.025", 5),
            new CallKind(Category.STABILITY, "stable-diffusion-3.5-large", "https://api.stability.ai/v2beta/stable-image/generate/sd3", 4, false, "0.065", 9),
            new CallKind(Category.STABILITY, "stable-image-ultra", "https://api.stability.ai/v2beta/stable-image/generate/ultra", 3, false, "0.08", 11),
            // The same model through Bedrock, at $0.14 an image against Stability AI's $0.08: the switch the
            // recommendations find in the demo.
            new CallKind(Category.STABILITY, "stability.stable-image-ultra-v1:1",
                    "https://bedrock-runtime.us-east-1.amazonaws.com/model/stability.stable-image-ultra-v1:1/invoke", 4, false, "0.14", 12),
            new CallKind(Category.IMAGE_EDIT, "qwen-image-edit", "/image-edit/wavespeed", 4, false, "0.03", 8),
            new CallKind(Category.IMAGE_EDIT, "black-forest-labs/flux-kontext-pro", "/image-edit/wavespeed", 3, false, "0.04", 9),
            new CallKind(Category.AUDIO, "minimax/speech-02-hd", "/audio-generation/wavespeed", 6, false, "0.05", 4),
            new CallKind(Category.AUDIO, "tts-1", "https://api.openai.com/v1/audio/speech", 2, false, "0.015", 2),
            new CallKind(Category.AUDIO, "eleven_multilingual_v2", "https://api.elevenlabs.io/v1/text-to-speech", 2, false, "0.03", 3),
            new CallKind(Category.GEMINI, "gemini-2.5-flash", "/v1beta/models/gemini-2.5-flash:generateContent", 22, true, "0.00125", 2.1),
            new CallKind(Category.GEMINI, "gemini-2.5-pro", "/v1beta/models/gemini-2.5-pro:generateContent", 8, true, "0.00625", 6.5),
            new CallKind(Category.OPENAI, "gpt-4o-mini", "/v1/chat/completions", 10, true, "0.000375", 1.6),
            new CallKind(Category.OPENAI, "gpt-4o", "/v1/chat/completions", 5, true, "0.00625", 3.8),
            new CallKind(Category.ANTHROPIC, "claude-3-5-sonnet-20241022", "/v1/messages", 6, true, "0.009", 4.4),
            new CallKind(Category.MISTRAL, "openai/gpt-oss-120b:groq", "https://router.huggingface.co/v1/chat/completions", 7, true, "0.0004", 1.2),
            new CallKind(Category.MISTRAL, "meta-llama/Llama-3.3-70B-Instruct:together", "https://router.huggingface.co/v1/chat/completions", 3, true, "0.00088", 2.7),
            new CallKind(Category.TAVILY, "tavily-search", "https://api.tavily.com/search", 4, false, "0.008", 1.4),
            new CallKind(Category.SERPER, "serper-search", "https://google.serper.dev/search", 3, false, "0.001", 0.8),
            new CallKind(Category.EXA, "exa-search", "https://api.exa.ai/search", 2, false, "0.005", 1.1),
            new CallKind(Category.METAPHOR, "metaphor-search", "https://api.metaphor.systems/search", 1, false, "0.005", 1.3),
            new CallKind(Category.FIRECRAWL, "firecrawl-scrape", "https://api.firecrawl.dev/v1/scrape", 2, false, "0.002", 3.2));

    private static final String[][] FAILURES = {
            {"429", "Rate limit exceeded: too many requests, retry after 20s"},
            {"500", "Upstream provider error: internal server error"},
            {"503", "Service unavailable: model is overloaded"},
            {"504", "Gateway timeout while waiting for the generation result"},
            {"400", "Invalid request: prompt violates the content policy"},
    };

    private final ProviderDetector detector;
    private final Pricer pricer;

    public DemoData(ProviderDetector detector) {
        this(detector, new Pricer(PriceCatalog.builtIn()));
    }

    public DemoData(ProviderDetector detector, Pricer pricer) {
        this.detector = Objects.requireNonNull(detector, "detector");
        this.pricer = Objects.requireNonNull(pricer, "pricer");
    }

    /**
     * The units a media call reports instead of a cost, so the price catalog prices it (as the original system's media
     * calls would, logged through UsageLens): seconds of video, images, characters of speech, searches.
     */
    private static Units unitsOf(CallKind kind, Random random) {
        return switch (kind.category()) {
            case VIDEO -> Units.of(Map.of("video_second", 5L + random.nextInt(2) * 5L));
            case STABILITY, IMAGE_EDIT -> Units.of(Map.of("image", 1L));
            case AUDIO -> Units.of(Map.of("character", 200L + random.nextInt(1800)));
            default -> Units.of(Map.of("request", 1L));
        };
    }

    /** How far back demo data reaches. */
    public static final Duration SPAN = Duration.ofDays(90);
    /** Rows older than this are written without a detection, as the original system left them. */
    public static final Duration LEGACY_AGE = Duration.ofDays(60);

    /**
     * {@code count} logs spread over the 90 days before {@code now}. Rows older than 60 days are written
     * without a detection, as the original system left them, so the backfill has work to do.
     */
    public List<NewUsageLog> generate(Instant now, int count, long seed) {
        return generate(now.minus(SPAN), now, count, seed, "demo-" + seed + "-");
    }

    /**
     * {@code count} logs with timestamps in {@code [from, now)}, more of them recent than old, keyed
     * {@code keyPrefix + i}. Deterministic for a given seed, window and prefix.
     */
    public List<NewUsageLog> generate(Instant from, Instant now, int count, long seed, String keyPrefix) {
        if (from.isAfter(now)) {
            throw new IllegalArgumentException("from " + from + " is after now " + now);
        }
        Random random = new Random(seed ^ from.toEpochMilli() ^ now.toEpochMilli());
        int totalWeight = KINDS.stream().mapToInt(CallKind::weight).sum();
        long spanMillis = Math.max(1, Duration.between(from, now).toMillis());
        Instant legacyBefore = now.minus(LEGACY_AGE);
        List<NewUsageLog> logs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            CallKind kind = pick(random, totalWeight);
            String user = random.nextInt(100) < 70 ? DEMO_USER : OTHER_USERS[random.nextInt(OTHER_USERS.length)];
            // More calls recently than long ago; the newest at least a second old; a short window keeps its calls inside it.
            long ageMillis = Math.min(spanMillis - 1, 1000 + (long) ((spanMillis - 1000) * Math.pow(random.nextDouble(), 1.3)));
            Instant timestamp = now.minusMillis(Math.max(0, ageMillis)).truncatedTo(ChronoUnit.MILLIS);
            if (timestamp.isBefore(from)) {
                timestamp = from;
            }
            logs.add(log(kind, keyPrefix + i, user, timestamp, random, timestamp.isAfter(legacyBefore)));
        }
        return logs;
    }

    /** The actual providers of the demo's calls, as the detector attributes them. */
    public Set<String> providers() {
        Set<String> providers = new TreeSet<>();
        for (CallKind kind : KINDS) {
            providers.add(providerOf(kind));
        }
        return providers;
    }

    /**
     * One call of the demo user for each of {@code providers}, at instants in {@code [from, now]}, keyed
     * {@code keyPrefix + provider}: what makes a window that must show every provider show it.
     */
    public List<NewUsageLog> callsOf(Set<String> providers, Instant from, Instant now, long seed, String keyPrefix) {
        if (from.isAfter(now)) {
            throw new IllegalArgumentException("from " + from + " is after now " + now);
        }
        Random random = new Random(seed ^ now.toEpochMilli());
        long spanMillis = Duration.between(from, now).toMillis();
        List<NewUsageLog> logs = new ArrayList<>();
        for (String provider : new TreeSet<>(providers)) {
            List<CallKind> kinds = KINDS.stream().filter(k -> providerOf(k).equals(provider)).toList();
            if (kinds.isEmpty()) {
                continue;
            }
            CallKind kind = kinds.get(random.nextInt(kinds.size()));
            Instant timestamp = now.minusMillis(spanMillis == 0 ? 0 : (long) (random.nextDouble() * spanMillis))
                    .truncatedTo(ChronoUnit.MILLIS);
            if (timestamp.isBefore(from)) {
                timestamp = from;
            }
            logs.add(log(kind, keyPrefix + provider, DEMO_USER, timestamp, random, true));
        }
        return logs;
    }

    private String providerOf(CallKind kind) {
        return detector.detect(kind.category().wireName(), kind.model(), kind.endpoint()).providerId();
    }

    private NewUsageLog log(CallKind kind, String key, String user, Instant timestamp, Random random, boolean detected) {
        boolean failed = random.nextInt(100) < 5;
        String[] failure = failed ? FAILURES[random.nextInt(FAILURES.length)] : null;
        int status = failed ? Integer.parseInt(failure[0]) : 200;
        Long tokensIn;
        Long tokensOut;
        BigDecimal costIn;
        BigDecimal costOut;
        BigDecimal rate = new BigDecimal(kind.costPerCallOrPer1k());
        if (kind.tokens()) {
            tokensIn = 200L + random.nextInt(4000);
            tokensOut = failed ? 0L : 50L + random.nextInt(1500);
            costIn = rate.multiply(BigDecimal.valueOf(tokensIn)).divide(BigDecimal.valueOf(4000), 10, RoundingMode.HALF_UP);
            costOut = rate.multiply(BigDecimal.valueOf(tokensOut)).divide(BigDecimal.valueOf(1000), 10, RoundingMode.HALF_UP);
        } else {
            tokensIn = 0L;
            tokensOut = 0L;
            costIn = BigDecimal.ZERO;
            costOut = failed ? BigDecimal.ZERO : rate;
        }
        costIn = costIn.stripTrailingZeros();
        costOut = costOut.stripTrailingZeros();
        double seconds = Math.max(0.05, kind.meanSeconds() * (0.5 + random.nextDouble() + (random.nextInt(20) == 0 ? 2.0 : 0)));
        seconds = Math.round(seconds * 1000) / 1000.0;
        // Calls UsageLens recorded itself: an LLM call reports its tokens and its cost (the client's, with the price
        // list's figure beside it); a media or search call its units, and the price list prices it (or cannot).
        // Older rows are as the original system wrote them: its own cost, no provenance.
        boolean media = detected && !kind.tokens();
        UsageEvent event = new UsageEvent(
                key, user, kind.category(), kind.model(), kind.endpoint(), "POST",
                media ? Tokens.UNKNOWN : new Tokens(tokensIn, tokensOut, tokensIn + tokensOut),
                media ? Costs.UNKNOWN : new Costs(costIn, costOut, costIn.add(costOut)), seconds, status,
                timestamp, YearMonth.from(timestamp.atOffset(ZoneOffset.UTC)).toString(),
                failed ? failure[1] : null, failed ? 1 + random.nextInt(3) : 0,
                (long) (200 + random.nextInt(6000)), failed ? 180L : (long) (400 + random.nextInt(200_000)),
                "usagelens-demo/1.0", "10.0." + random.nextInt(255) + "." + (1 + random.nextInt(254)), null,
                media && !failed ? unitsOf(kind, random) : Units.NONE);
        if (!detected) {
            return new NewUsageLog(event, null, new StoredCost(event.costInput(), event.costOutput(), event.costTotal(),
                    null, null, null, null));
        }
        Detection d = detector.detect(kind.category().wireName(), kind.model(), kind.endpoint());
        StoredDetection detection = StoredDetection.of(d);
        return new NewUsageLog(event, detection, Costing.cost(pricer, event, detection));
    }

    private static CallKind pick(Random random, int totalWeight) {
        int r = random.nextInt(totalWeight);
        for (CallKind kind : KINDS) {
            r -= kind.weight();
            if (r < 0) {
                return kind;
            }
        }
        throw new IllegalStateException("weights do not add up");
    }
}
