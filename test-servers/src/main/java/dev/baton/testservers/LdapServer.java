package dev.baton.testservers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A small LDAPv3 speaker that answers simple BindRequests, enough to be the target of HAProxy's
 * {@code option ldap-check}. That check sends an anonymous simple bind, message ID 1, version 3, empty name
 * and password ({@code 30 0c 02 01 01 60 07 02 01 03 04 00 80 00}); it wants at least 14 bytes starting
 * with {@code 30}, message ID {@code 02 01 01}, a bindResponse ({@code 61}) and a resultCode
 * ({@code 0a 01 CODE}): 0 is L7OK, anything else L7STS with the code.
 *
 * <p>Each BindRequest (BER, definite lengths, short or long form) gets a BindResponse with the request's
 * message ID and the current result code ({@link #resultCode(int)}; 0 success, 49 invalidCredentials, 51
 * busy, 53 unwillingToPerform...), an empty matchedDN and an empty diagnosticMessage: 14 bytes for message
 * ID 1, as OpenLDAP answers. {@link #longLengths(boolean)} encodes the two outer lengths in the 4-byte long
 * form, as Active Directory does. {@link #garbage()} makes it answer each request with bytes that are not
 * LDAP, then close; {@link #silent()} makes it read requests and answer nothing (a checker times out).
 *
 * <p>An UnbindRequest, any other operation or a malformed message closes the connection, as does a client
 * that sends nothing for 30 s. Settings may be changed from any thread and apply to the next request.
 */
public final class LdapServer extends NioServer {
    /** LDAP resultCode success. */
    public static final int SUCCESS = 0;
    /** LDAP resultCode invalidCredentials. */
    public static final int INVALID_CREDENTIALS = 49;
    /** What {@link #garbage()} makes it send: not BER, and longer than the 14 bytes a checker waits for. */
    public static final String GARBAGE = "HTTP/1.0 400 Bad Request\r\n\r\n";

    private static final int MAX_MESSAGE = 4096;

    /** What to do with the next request. */
    private enum Mode { ANSWER, GARBAGE, SILENT }

    private volatile Mode mode = Mode.ANSWER;
    private volatile int resultCode;
    private volatile boolean longLengths;
    private volatile Bind lastBind;
    private volatile long bindsReceived;

    /** What a BindRequest carried: message ID, protocol version, name and simple password (null for SASL). */
    public record Bind(int messageId, int version, String name, String password) {
    }

    private LdapServer(final Options options) throws IOException {
        super("ldap", options);
        this.resultCode = options.resultCode;
        this.longLengths = options.longLengths;
    }

    /** Binds and starts serving; the port is bound when this returns. */
    public static LdapServer start(final Options options) throws IOException {
        final LdapServer server = new LdapServer(options);
        server.startLoop();
        return server;
    }

    /** Answers binds with {@code code} (0 to 127) from now on, and stops sending garbage or keeping silent. */
    public void resultCode(final int code) {
        resultCode = Options.validCode(code);
        mode = Mode.ANSWER;
    }

    public int resultCode() {
        return resultCode;
    }

    /** Answers each request with {@link #GARBAGE}, then closes, until {@link #resultCode(int)} is called. */
    public void garbage() {
        mode = Mode.GARBAGE;
    }

    /** Reads requests and answers nothing, until {@link #resultCode(int)} is called. */
    public void silent() {
        mode = Mode.SILENT;
    }

    /** Encodes the LDAPMessage and bindResponse lengths in the 4-byte long form ({@code 84 00 00 00 NN}). */
    public void longLengths(final boolean on) {
        longLengths = on;
    }

    /** The last BindRequest received, or null. */
    public Bind lastBind() {
        return lastBind;
    }

    /** BindRequests received since start, answered or not. */
    public long bindsReceived() {
        return bindsReceived;
    }

    @Override
    NioConnection accepted(final SocketChannel channel, final SelectionKey key, final long id) {
        return new LdapConnection(channel, key, id);
    }

    /** Settings of an LDAP speaker; every one is optional. */
    public static final class Options extends ListenOptions<Options> {
        private int resultCode = SUCCESS;
        private boolean longLengths;

        /** Defaults: named {@code ldap}, on an ephemeral port of 127.0.0.1, answering success. */
        public Options() {
            super("ldap");
        }

        @Override
        Options self() {
            return this;
        }

        /** The first result code, as {@link LdapServer#resultCode(int)}. */
        public Options resultCode(final int code) {
            resultCode = validCode(code);
            return this;
        }

        /** As {@link LdapServer#longLengths(boolean)}. */
        public Options longLengths(final boolean on) {
            longLengths = on;
            return this;
        }

        static int validCode(final int code) {
            if (code < 0 || code > 127) {
                throw new IllegalArgumentException("an LDAP result code of one byte, 0 to 127: " + code);
            }
            return code;
        }
    }

    /**
     * The BindResponse to message {@code messageId}: {@code 30 L [02 n ID] 61 L [0a 01 CODE 04 00 04 00]},
     * lengths in short form, or the two outer ones in 4-byte long form.
     */
    static byte[] bindResponse(final int messageId, final int code, final boolean longForm) {
        final byte[] result = {0x0a, 0x01, (byte) code, 0x04, 0x00, 0x04, 0x00};
        final ByteArrayOutputStream op = new ByteArrayOutputStream();
        op.write(0x61);
        writeLength(op, result.length, longForm);
        op.writeBytes(result);
        final byte[] id = integer(messageId);
        final ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.write(0x30);
        writeLength(message, 2 + id.length + op.size(), longForm);
        message.write(0x02);
        message.write(id.length);
        message.writeBytes(id);
        message.writeBytes(op.toByteArray());
        return message.toByteArray();
    }

    private static void writeLength(final ByteArrayOutputStream out, final int length, final boolean longForm) {
        if (longForm) {
            out.write(0x84);
            out.write(length >>> 24);
            out.write(length >>> 16);
            out.write(length >>> 8);
        } else if (length > 127) {
            throw new IllegalArgumentException("short form only up to 127: " + length);
        }
        out.write(length);
    }

    /** The minimal two's complement big-endian encoding of a non-negative int, as BER wants it. */
    private static byte[] integer(final int value) {
        int n = 1;
        while (n < 4 && (value >> (8 * n - 1)) != 0) {
            n++;
        }
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (value >>> (8 * (n - 1 - i)));
        }
        return b;
    }

    /** A BER reader over one complete message; each method throws {@link IllegalArgumentException} if malformed. */
    private static final class Ber {
        private final ByteBuffer b;

        Ber(final ByteBuffer b) {
            this.b = b;
        }

        /** Reads a tag (which must be {@code tag}) and a length; returns the length. */
        int expect(final int tag) {
            final int got = b.get() & 0xff;
            if (got != tag) {
                throw new IllegalArgumentException(String.format("tag %02x where %02x was expected", got, tag));
            }
            return length(b);
        }

        int integer() {
            final int n = expect(0x02);
            if (n < 1 || n > 4) {
                throw new IllegalArgumentException("INTEGER of " + n + " bytes");
            }
            int v = 0;
            for (int i = 0; i < n; i++) {
                v = v << 8 | (b.get() & 0xff);
            }
            return v;
        }

        String octets(final int n) {
            final byte[] s = new byte[n];
            b.get(s);
            return new String(s, StandardCharsets.UTF_8);
        }
    }

    /**
     * A BER length at the buffer's position (short form, or long form of 1 to 4 bytes); -1 when the buffer
     * ends before it does. Indefinite lengths are refused.
     */
    static int length(final ByteBuffer b) {
        if (!b.hasRemaining()) {
            return -1;
        }
        final int first = b.get() & 0xff;
        if (first < 0x80) {
            return first;
        }
        final int n = first & 0x7f;
        if (n == 0 || n > 4) {
            throw new IllegalArgumentException("length of " + n + " bytes");
        }
        if (b.remaining() < n) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 8 | (b.get() & 0xff);
        }
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("length " + v);
        }
        return (int) v;
    }

    private final class LdapConnection extends ExchangeConnection {
        LdapConnection(final SocketChannel channel, final SelectionKey key, final long id) {
            super(LdapServer.this, channel, key, id, MAX_MESSAGE);
        }

        /** Handles the first message of {@code in} if it is whole; false when more bytes are needed. */
        @Override
        boolean onInput() {
            final ByteBuffer view = in.duplicate().flip();
            if (view.remaining() < 2) {
                return false;
            }
            final int length;
            try {
                if ((view.get() & 0xff) != 0x30) {
                    throw new IllegalArgumentException("not an LDAPMessage");
                }
                length = length(view);
                if (length < 0 || length > view.remaining()) {
                    if (length > MAX_MESSAGE - 6) {
                        throw new IllegalArgumentException("message of " + length + " bytes");
                    }
                    return false;
                }
                handle(new Ber(view.slice(view.position(), length)));
                view.position(view.position() + length);
            } catch (IllegalArgumentException | BufferUnderflowException | IndexOutOfBoundsException e) {
                closeAfterWrite(); // malformed: hang up
                return true;
            }
            in.flip().position(view.position());
            in.compact();
            return true;
        }

        private void handle(final Ber message) {
            final int messageId = message.integer();
            final int op = message.b.get(message.b.position()) & 0xff;
            if (op != 0x60) {
                closeAfterWrite(); // unbind (0x42) or an operation this server does not offer
                return;
            }
            message.expect(0x60);
            final int version = message.integer();
            final String name = message.octets(message.expect(0x04));
            final int auth = message.b.get(message.b.position()) & 0xff;
            final String password = auth == 0x80 ? message.octets(message.expect(0x80)) : null;
            lastBind = new Bind(messageId, version, name, password);
            bindsReceived++;
            switch (mode) {
                case ANSWER -> send(bindResponse(messageId, resultCode, longLengths));
                case GARBAGE -> {
                    send(GARBAGE.getBytes(StandardCharsets.US_ASCII));
                    closeAfterWrite();
                }
                case SILENT -> {
                    // Read, counted, unanswered.
                }
                default -> throw new IllegalStateException(mode.toString());
            }
        }
    }
}
