package org.usagelens.web.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Sends bytes the JDK HTTP client refuses to send (bad framing, CRLF in headers, NUL in the path) over a plain socket. */
public final class RawHttp {
    private RawHttp() {
    }

    /**
     * A parsed answer: status (or -1 when the server closed without answering), headers (lower-case names),
     * body, and how many body bytes the client had sent when the answer came.
     */
    public record Answer(int status, Map<String, String> headers, String body, long bodyBytesSent) {
    }

    public static Answer exchange(int port, byte[] request) {
        return exchange(port, request, new byte[0]);
    }

    /**
     * Sends the head, then the body in 64 KiB pieces, and stops sending as soon as the server answers, so a
     * server that refuses a huge body early is seen doing so.
     */
    public static Answer exchange(int port, byte[] head, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            long sent = 0;
            try {
                out.write(head);
                out.flush();
                while (sent < body.length && in.available() == 0) {
                    int n = (int) Math.min(65_536, body.length - sent);
                    out.write(body, (int) sent, n);
                    sent += n;
                }
                out.flush();
                socket.shutdownOutput(); // a body shorter than announced ends here, as when a client goes away
            } catch (SocketException ignored) {
                // the server may answer and close before reading everything; read what it said
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0 && received.size() < 1_000_000; ) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketException | SocketTimeoutException ignored) {
                // reset after the answer, or no answer at all: parse what arrived
            }
            return parse(received.toString(StandardCharsets.UTF_8), sent);
        } catch (IOException e) {
            throw new IllegalStateException("cannot talk to the server", e);
        }
    }

    private static Answer parse(String text, long sent) {
        if (!text.startsWith("HTTP/1.")) {
            return new Answer(-1, Map.of(), text, sent);
        }
        int headEnd = text.indexOf("\r\n\r\n");
        String head = headEnd < 0 ? text : text.substring(0, headEnd);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return new Answer(status, headers, headEnd < 0 ? "" : text.substring(headEnd + 4), sent);
    }
}
