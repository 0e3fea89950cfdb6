package org.usagelens.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body before the (blocking) handlers see it, without holding a thread while it arrives, and
 * within limits counted from the request's head: the whole body within {@code timeout}, and, once {@link #GRACE} has
 * passed, at an average of at least {@code minRate} bytes per second. A body that misses either gets a 408 with the one error body and the
 * connection is closed; nothing was read by any handler, so nothing was changed.
 * <p>
 * Handlers read bodies with blocking reads, so before this a client trickling its body (one byte every 2 s) held
 * a worker thread for as long as it liked, and 260 such clients held all of them. Used as the
 * {@link EagerContentHandler}'s loader for every request with a body: the bytes are copied into one array as they
 * come (never retaining Jetty's network buffers, which a trickle of one-byte chunks would multiply), and the request
 * is dispatched once the body is complete, has failed (a malformed chunked body, a short one: the handler sees the
 * failure as before), or exceeds {@code maxBytes}, the largest body any handler accepts: the handler then sees that
 * much and reads on itself to refuse it with 413. A body declared larger than that is not loaded at all.
 */
final class BodyLoader implements EagerContentHandler.ContentLoaderFactory {
    /** The time a body is given before its rate counts. */
    static final Duration GRACE = Duration.ofSeconds(2);
    private static final long TICK_MILLIS = 250;

    private final long maxBytes;
    private final long timeoutNanos;
    private final long minRate;
    private final ObjectMapper json;
    private final ClientConnections.Refusals refusals;

    BodyLoader(long maxBytes, Duration timeout, long minRate, ObjectMapper json, ClientConnections.Refusals refusals) {
        this.maxBytes = maxBytes;
        this.timeoutNanos = timeout.toNanos();
        this.minRate = minRate;
        this.json = json;
        this.refusals = refusals;
    }

    @Override
    public String getApplicableMimeType() {
        return null; // every content type
    }

    @Override
    public EagerContentHandler.ContentLoader newContentLoader(String contentType, String mimeType, Handler handler,
                                                              Request request, Response response, Callback callback) {
        long declared = request.getLength();
        if (declared > maxBytes) {
            return null; // the handler refuses it on its Content-Length alone, reading nothing
        }
        return new Loader(handler, request, response, callback, declared);
    }

    private final class Loader extends EagerContentHandler.ContentLoader implements Invocable.Task {
        private final long startNanos = System.nanoTime();
        private byte[] bytes;
        private int size;
        /** Guarded by {@code this}: set once the body is handed on or refused. */
        private boolean finished;
        private Scheduler.Task tick;

        Loader(Handler handler, Request request, Response response, Callback callback, long declared) {
            super(handler, request, response, callback);
            this.bytes = new byte[(int) Math.max(0, Math.min(declared, 64 * 1024))];
        }

        @Override
        protected void load() {
            synchronized (this) {
                scheduleTick();
            }
            read(false);
        }

        /** Called by Jetty when more of the body has arrived; only copies bytes, so it may run on a selector. */
        @Override
        public void run() {
            read(true);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }

        private void read(boolean fromDemand) {
            Request handOn;
            synchronized (this) {
                if (finished) {
                    return;
                }
                handOn = readAvailable();
                if (handOn == null) {
                    return;
                }
                finished = true;
                tick.cancel();
            }
            if (fromDemand) {
                // Not on the thread of a demand callback: handlers block.
                getRequest().getContext().execute(() -> handle(handOn, getResponse(), getCallback()));
            } else {
                handle(handOn, getResponse(), getCallback());
            }
        }

        /** Reads what has arrived; the request to hand on once there is nothing more to wait for, else null. */
        private Request readAvailable() {
            while (true) {
                Content.Chunk chunk = getRequest().read();
                if (chunk == null) {
                    getRequest().demand(this);
                    return null;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    return new Replay(getRequest(), copied(false), chunk, false);
                }
                append(chunk.getByteBuffer());
                boolean last = chunk.isLast();
                chunk.release();
                if (last) {
                    return new Replay(getRequest(), copied(true), null, false);
                }
                if (size > maxBytes) {
                    return new Replay(getRequest(), copied(false), null, true);
                }
            }
        }

        private void append(ByteBuffer buffer) {
            int n = buffer.remaining();
            if (size + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(size + n, Math.max(1024, bytes.length * 2)));
            }
            buffer.get(bytes, size, n);
            size += n;
        }

        private Content.Chunk copied(boolean last) {
            return size == 0 && last ? Content.Chunk.EOF : Content.Chunk.from(ByteBuffer.wrap(bytes, 0, size), last);
        }

        private void scheduleTick() {
            tick = getRequest().getComponents().getScheduler().schedule(this::check, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }

        /** Every tick until the body is complete: refuses it when it is late or too slow. */
        private void check() {
            String refusal;
            synchronized (this) {
                if (finished) {
                    return;
                }
                long elapsed = System.nanoTime() - startNanos;
                refusal = refusal(elapsed);
                if (refusal == null) {
                    scheduleTick();
                    return;
                }
                finished = true;
            }
            refusals.refused(refusal.startsWith("the request body did not arrive") ? "body_timeout" : "body_too_slow");
            ErrorMapping.writeCoreError(json, getResponse(), 408, refusal, true, getCallback());
        }

        private String refusal(long elapsedNanos) {
            if (elapsedNanos >= timeoutNanos) {
                return "the request body did not arrive within " + seconds(timeoutNanos) + " s (" + size
                        + " bytes arrived); nothing was changed";
            }
            if (minRate > 0 && elapsedNanos >= GRACE.toNanos()) {
                long rate = size * 1_000_000_000L / elapsedNanos;
                if (rate < minRate) {
                    return "the request body arrived at " + rate + " bytes/s, below the minimum of " + minRate
                            + " bytes/s; nothing was changed";
                }
            }
            return null;
        }
    }

    private static String seconds(long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        return millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.valueOf(millis / 1000.0);
    }

    /**
     * The request the handlers see: the body read so far, then the failure that ended it (if any), then either the
     * end or, for a body longer than any handler accepts, the rest as it arrives.
     */
    private static final class Replay extends Request.Wrapper {
        private Content.Chunk loaded;
        private final Content.Chunk failure;
        private final boolean readOn;

        Replay(Request request, Content.Chunk loaded, Content.Chunk failure, boolean readOn) {
            super(request);
            this.loaded = loaded;
            this.failure = failure;
            this.readOn = readOn;
        }

        @Override
        public Content.Chunk read() {
            synchronized (this) {
                if (loaded != null) {
                    Content.Chunk chunk = loaded;
                    loaded = chunk.isLast() ? Content.Chunk.EOF : null;
                    return chunk;
                }
            }
            if (failure != null) {
                return failure; // a failure stays: every later read sees it
            }
            return readOn ? super.read() : Content.Chunk.EOF;
        }

        @Override
        public void demand(Runnable demandCallback) {
            boolean ready;
            synchronized (this) {
                ready = loaded != null || failure != null || !readOn;
            }
            if (ready) {
                getContext().execute(demandCallback);
            } else {
                super.demand(demandCallback);
            }
        }
    }
}
