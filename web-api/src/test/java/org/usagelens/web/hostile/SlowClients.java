package org.usagelens.web.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Clients that are slow on purpose, over raw sockets from a chosen loopback address (the server sees each address as
 * a client of its own): a {@link Swarm} of connections trickling their requests, and a single {@link Slow}
 * connection whose sending the test paces.
 */
final class SlowClients {
    private SlowClients() {
    }

    /**
     * {@code size} connections that each send a request head, then its body {@code piece} bytes every tick. A
     * connection the server answers or closes is replaced by a new one, so the pressure lasts as long as the swarm
     * runs, as it would from a client that reconnects. Single-threaded (NIO), so hundreds of connections cost the
     * test one thread.
     */
    static final class Swarm implements AutoCloseable {
        private final String localAddress;
        private final int port;
        private final byte[] head;
        private final byte[] body;
        private final int piece;
        private final long tickMillis;
        private final Selector selector;
        private final List<Conn> conns = new ArrayList<>();
        private final List<Long> answerMillis = Collections.synchronizedList(new ArrayList<>());
        private final List<String> answers = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean running = true;
        private int opened;
        private int closedWithoutAnswer;
        private int unfinishedAtEnd;
        private Thread thread;

        private static final class Conn {
            final SocketChannel channel;
            final long openedNanos = System.nanoTime();
            int sent;
            final StringBuilder received = new StringBuilder();

            Conn(SocketChannel channel) {
                this.channel = channel;
            }
        }

        Swarm(int size, String localAddress, int port, byte[] head, byte[] body, int piece, long tickMillis) {
            this.localAddress = localAddress;
            this.port = port;
            this.head = head;
            this.body = body;
            this.piece = piece;
            this.tickMillis = tickMillis;
            try {
                this.selector = Selector.open();
                for (int i = 0; i < size; i++) {
                    conns.add(open());
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private Conn open() throws IOException {
            SocketChannel channel = SocketChannel.open();
            channel.bind(new InetSocketAddress(localAddress, 0));
            channel.connect(new InetSocketAddress("127.0.0.1", port));
            channel.configureBlocking(false);
            Conn conn = new Conn(channel);
            channel.register(selector, SelectionKey.OP_READ, conn);
            opened++;
            try {
                channel.write(ByteBuffer.wrap(head));
            } catch (IOException refused) {
                // read as a close below
            }
            return conn;
        }

        /** Runs the swarm on its own thread until {@link #close()}. */
        Swarm start() {
            thread = new Thread(this::loop, "slow-swarm-" + localAddress);
            thread.setDaemon(true);
            thread.start();
            return this;
        }

        private void loop() {
            long nextTick = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(tickMillis);
            try {
                while (running) {
                    long wait = TimeUnit.NANOSECONDS.toMillis(nextTick - System.nanoTime());
                    if (wait > 0) {
                        selector.select(Math.min(wait, 50));
                        for (SelectionKey key : selector.selectedKeys()) {
                            read((Conn) key.attachment());
                        }
                        selector.selectedKeys().clear();
                        continue;
                    }
                    nextTick += TimeUnit.MILLISECONDS.toNanos(tickMillis);
                    for (int i = 0; i < conns.size(); i++) {
                        Conn c = conns.get(i);
                        if (!c.channel.isOpen()) {
                            conns.set(i, open()); // answered or closed by the server: the client comes back
                            continue;
                        }
                        int n = Math.min(piece, body.length - c.sent);
                        if (n > 0) {
                            try {
                                c.channel.write(ByteBuffer.wrap(body, c.sent, n));
                                c.sent += n;
                            } catch (IOException closed) {
                                read(c);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void read(Conn c) {
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            int n;
            try {
                n = c.channel.read(buffer);
            } catch (IOException reset) {
                n = -1;
            }
            if (n > 0) {
                if (c.received.length() == 0) {
                    answerMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c.openedNanos));
                }
                c.received.append(new String(buffer.array(), 0, n, StandardCharsets.UTF_8));
                return;
            }
            if (n < 0) {
                if (c.received.length() == 0) {
                    closedWithoutAnswer++;
                } else {
                    answers.add(c.received.toString());
                }
                closeQuietly(c);
            }
        }

        private static void closeQuietly(Conn c) {
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        /** Stops the swarm; the figures below are final afterwards. */
        @Override
        public void close() {
            running = false;
            if (thread != null) {
                try {
                    thread.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            for (Conn c : conns) {
                if (c.channel.isOpen()) {
                    unfinishedAtEnd++;
                    if (c.received.length() > 0) {
                        answers.add(c.received.toString());
                    }
                }
                closeQuietly(c);
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        /** Connections opened, the first {@code size} included. */
        int opened() {
            return opened;
        }

        /** Connections the server closed without a byte of answer. */
        int closedWithoutAnswer() {
            return closedWithoutAnswer;
        }

        /** Connections still open, unanswered or answered, when the swarm stopped. */
        int unfinishedAtEnd() {
            return unfinishedAtEnd;
        }

        /** The server's complete answers (head and body), in the order they ended. */
        List<String> answers() {
            return List.copyOf(answers);
        }

        /**
         * Milliseconds from a connection's opening (its head is sent then) to the first byte of its answer, as the
         * swarm's one thread noticed it: late by up to the time it takes to reopen a round of connections.
         */
        List<Long> answerMillis() {
            return List.copyOf(answerMillis);
        }
    }

    /** One connection the test sends on as it likes, reading the answer whenever it asks. */
    static final class Slow implements AutoCloseable {
        private final Socket socket = new Socket();
        private final long openedNanos = System.nanoTime();
        private final StringBuilder received = new StringBuilder();
        private boolean closedByServer;

        Slow(String localAddress, int port) {
            try {
                socket.bind(new InetSocketAddress(localAddress, 0));
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            } catch (IOException e) {
                throw new IllegalStateException("cannot connect", e);
            }
        }

        /** Sends bytes; false when the server no longer takes them (it closed the connection). */
        boolean send(byte[] bytes, int from, int length) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(bytes, from, length);
                out.flush();
                return true;
            } catch (IOException closed) {
                return false;
            }
        }

        boolean send(String ascii) {
            byte[] bytes = ascii.getBytes(StandardCharsets.US_ASCII);
            return send(bytes, 0, bytes.length);
        }

        /** Whether the server has answered or closed, waiting at most {@code millis} for it. */
        boolean awaitAnswerOrClose(long millis) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            byte[] buffer = new byte[8192];
            try {
                InputStream in = socket.getInputStream();
                while (!closedByServer) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        return received.length() > 0;
                    }
                    socket.setSoTimeout((int) Math.max(1, Math.min(left, 200)));
                    try {
                        int n = in.read(buffer);
                        if (n < 0) {
                            closedByServer = true;
                        } else {
                            received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                            if (complete()) {
                                return true;
                            }
                        }
                    } catch (SocketTimeoutException notYet) {
                        // keep waiting
                    }
                }
            } catch (SocketException reset) {
                closedByServer = true;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return true;
        }

        /** Whether the server closes the connection within {@code millis} (reading and keeping what it still says). */
        boolean awaitClosed(long millis) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            byte[] buffer = new byte[8192];
            try {
                InputStream in = socket.getInputStream();
                while (!closedByServer) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        return false;
                    }
                    socket.setSoTimeout((int) Math.max(1, Math.min(left, 200)));
                    try {
                        int n = in.read(buffer);
                        if (n < 0) {
                            closedByServer = true;
                        } else {
                            received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        }
                    } catch (SocketTimeoutException notYet) {
                        // keep waiting
                    }
                }
            } catch (SocketException reset) {
                closedByServer = true;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return true;
        }

        /** A whole answer has arrived: its head, and as many body bytes as its Content-Length. */
        private boolean complete() {
            int headEnd = received.indexOf("\r\n\r\n");
            if (headEnd < 0) {
                return false;
            }
            String head = received.substring(0, headEnd).toLowerCase(java.util.Locale.ROOT);
            int at = head.indexOf("content-length:");
            if (at < 0) {
                return closedByServer;
            }
            int end = head.indexOf("\r\n", at);
            int length = Integer.parseInt(head.substring(at + 15, end < 0 ? head.length() : end).trim());
            return received.length() - headEnd - 4 >= length;
        }

        /** The status of the answer, or -1 when there is none. */
        int status() {
            return received.toString().startsWith("HTTP/1.1 ") ? Integer.parseInt(received.substring(9, 12)) : -1;
        }

        String answer() {
            return received.toString();
        }

        boolean closedByServer() {
            return closedByServer;
        }

        long elapsedMillis() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedNanos);
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    static byte[] ingestHead(String key, int contentLength) {
        return ("POST /api/usage-events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: " + key
                + "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
