package org.usagelens.detection.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A deterministic, realistic mix of (category, model, endpoint) inputs shared by the JMH benchmark and the CLI
 * throughput script: every category, ids with and without routing prefixes, endpoints as paths and as URLs, and
 * about 20% ids that no rule knows. JDK-only, so the script can run it as a single source file:
 * {@code java InputMix.java LINES > input.tsv}.
 */
public final class InputMix {

    private static final String[] VENDOR_CATEGORIES = {
        "gemini", "openai", "anthropic", "mistral", "huggingface", "wavespeed", "tavily", "serper", "firecrawl", "exa",
        "Gemini ", "OPENAI"
    };
    private static final String[] GENERIC_CATEGORIES = {"video", "audio", "stability", "image_edit"};
    private static final String[] OTHER_CATEGORIES = {"chat", "embedding", "search", "llm"};

    private static final String[] KNOWN_MODELS = {
        "gpt-4o-mini", "gpt-4.1", "o3-mini", "dall-e-3", "gpt-image-1", "tts-1", "tts-1-hd", "whisper-1", "sora-2",
        "text-embedding-3-small", "claude-3-5-sonnet-20241022", "claude-sonnet-4-5", "gemini-2.5-flash",
        "gemini-2.5-pro", "gemma-3-27b-it", "imagen-4.0-generate-001", "veo-3.0-generate-001", "google/veo3",
        "stable-diffusion-3.5-large", "sd3.5-large", "stable-image-ultra", "eleven_multilingual_v2",
        "eleven_turbo_v2_5", "command-r-plus", "embed-english-v3.0", "rerank-v3.5", "grok-4", "deepseek-chat",
        "deepseek-ai/DeepSeek-R1", "sonar-pro", "mistral-large-latest", "pixtral-12b-2409",
        "alibaba/wan-2.5/text-to-video", "bytedance/seedance-v1-pro-t2v-480p", "wavespeed-ai/infinitetalk",
        "minimax/speech-02-hd", "qwen-image", "ideogram-ai/ideogram-v3", "black-forest-labs/flux-dev",
        "flux-kontext-pro", "qwen-image-edit", "tencent/HunyuanVideo", "llama-3.3-70b-versatile",
        "meta-llama/Llama-3.3-70B-Instruct-Turbo", "accounts/fireworks/models/llama-v3p1-70b-instruct",
        "fal-ai/flux/dev", "anthropic.claude-3-5-sonnet-20240620-v1:0", "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
        "openai/gpt-oss-120b:groq", "moonshotai/Kimi-K2-Instruct:novita", "meta-llama/llama-3.3-70b-instruct:free"
    };
    private static final String[] ROUTING_PREFIXES = {
        "groq/", "together_ai/", "bedrock/", "vertex_ai/", "gemini/", "azure/", "openrouter/", "fireworks_ai/",
        "replicate/", "fal_ai/"
    };
    private static final String[] PATH_ENDPOINTS = {
        "/video-generation/wavespeed", "/image-generation/wavespeed", "/audio-generation/wavespeed",
        "/v1/chat/completions", "/api/generate", "/v1/images/edits", "/search/tavily", "/v1/embeddings"
    };
    private static final String[] URL_ENDPOINTS = {
        "https://api.wavespeed.ai/api/v3/google/veo3", "https://router.huggingface.co/v1/chat/completions",
        "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent",
        "https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/publishers/google",
        "https://api.openai.com/v1/chat/completions", "https://acme.openai.azure.com/openai/deployments/gpt4o",
        "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3/invoke",
        "https://api.together.xyz/v1/chat/completions", "https://queue.fal.run/fal-ai/flux/dev",
        "https://api.anthropic.com/v1/messages", "https://llm-gateway.internal.example.com/v1/chat/completions",
        "http://localhost:8080/generate"
    };
    private static final String[] UNSEEN_WORDS = {
        "acme", "nova", "lumen", "orbit", "falcon", "llama", "phi", "yi", "kimi", "glm", "olmo", "granite", "zephyr",
        "aurora", "vega", "echo", "atlas", "sigma", "delta", "tiny"
    };

    private InputMix() {
    }

    /** {@code count} rows of {category, model, endpoint}; any field may be null. Same seed, same rows. */
    public static String[][] rows(int count, long seed) {
        Random r = new Random(seed);
        String[][] rows = new String[count][];
        for (int i = 0; i < count; i++) {
            rows[i] = new String[] {category(r), model(r), endpoint(r)};
        }
        return rows;
    }

    private static String category(Random r) {
        int p = r.nextInt(100);
        if (p < 30) {
            return pick(r, VENDOR_CATEGORIES);
        }
        if (p < 75) {
            return pick(r, GENERIC_CATEGORIES);
        }
        if (p < 90) {
            return pick(r, OTHER_CATEGORIES);
        }
        return p < 95 ? null : "";
    }

    private static String model(Random r) {
        int p = r.nextInt(100);
        if (p < 20) {
            return unseen(r);
        }
        if (p < 35) {
            return pick(r, ROUTING_PREFIXES) + pick(r, KNOWN_MODELS);
        }
        if (p < 97) {
            return pick(r, KNOWN_MODELS);
        }
        return null;
    }

    /** Ids no rule knows, shaped like real ones: org/name-size-variant, with digits and mixed case. */
    public static String unseen(Random r) {
        StringBuilder sb = new StringBuilder();
        if (r.nextBoolean()) {
            sb.append(pick(r, UNSEEN_WORDS)).append("-labs/");
        }
        sb.append(Character.toUpperCase(pick(r, UNSEEN_WORDS).charAt(0))).append(pick(r, UNSEEN_WORDS).substring(1));
        sb.append('-').append(1 + r.nextInt(9)).append('.').append(r.nextInt(10));
        sb.append('-').append(1 + r.nextInt(400)).append('b');
        if (r.nextBoolean()) {
            sb.append("-instruct");
        }
        if (r.nextInt(4) == 0) {
            sb.append("-v").append(r.nextInt(5));
        }
        return sb.toString();
    }

    private static String endpoint(Random r) {
        int p = r.nextInt(100);
        if (p < 40) {
            return pick(r, PATH_ENDPOINTS);
        }
        if (p < 80) {
            return pick(r, URL_ENDPOINTS);
        }
        return p < 90 ? null : "";
    }

    private static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    /** Prints {@code args[0]} (default 1,000,000) tab-separated lines for the CLI throughput script. */
    public static void main(String[] args) throws IOException {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42L;
        Random r = new Random(seed);
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        for (int i = 0; i < lines; i++) {
            String c = category(r);
            String m = model(r);
            String e = endpoint(r);
            out.write(c == null ? "" : c);
            out.write('\t');
            out.write(m == null ? "" : m);
            out.write('\t');
            out.write(e == null ? "" : e);
            out.write('\n');
        }
        out.flush();
    }
}
