package org.usagelens.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The service keys that may post usage events ({@code X-Api-Key}). Keys are held only as SHA-256
 * digests and compared in constant time; they are never logged or echoed.
 */
final class IngestKeys {
    private final List<byte[]> digests;

    public IngestKeys(List<String> keys) {
        this.digests = keys.stream().filter(k -> !k.isBlank()).map(IngestKeys::digest).toList();
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    /** @throws ApiError 401 when the key is missing or matches no configured key */
    public void check(String presented) {
        if (presented == null || presented.isEmpty()) {
            throw ApiError.unauthorized("missing X-Api-Key header");
        }
        byte[] candidate = digest(presented);
        boolean match = false;
        for (byte[] digest : digests) {
            // Every key is compared, whatever matched, so timing tells nothing.
            match |= MessageDigest.isEqual(digest, candidate);
        }
        if (!match) {
            throw ApiError.unauthorized("the X-Api-Key is not valid");
        }
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
