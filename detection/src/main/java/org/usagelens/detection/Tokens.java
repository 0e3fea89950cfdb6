package org.usagelens.detection;

import java.util.ArrayList;
import java.util.List;

/** Splits folded patterns into tokens at load time, with the same separators the matcher uses while detecting. */
final class Tokens {

    private Tokens() {
    }

    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && Text.isSeparator(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Text.isSeparator(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(s.substring(start, i));
            }
        }
        return out;
    }
}
