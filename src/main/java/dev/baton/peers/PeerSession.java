package dev.baton.peers;

import dev.baton.stick.StickKey;
import dev.baton.stick.StickUpdate;
import org.tinylog.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One TCP session of the peers protocol, dialled ({@code outgoing}) or accepted: the handshake (the dialler sends
 * {@code HAProxyS 2.1}, the name it expects the listener to have, and its own name with its process id; the
 * listener answers a status code, 200 when it accepts), then messages both ways ({@link PeerProtocol} gives them
 * meaning). It reads whole messages from its input buffer, and writes through an output buffer flushed as the
 * socket takes it. A message larger than {@link PeerWire#MAX_MESSAGE} draws HAProxy's size-limit error; a malformed
 * one its protocol error; both end the session. Peers thread only.
 */
final class PeerSession {
    enum State { CONNECTING, GET_STATUS, GET_VERSION, GET_HOST, GET_PEER, ESTABLISHED, CLOSING, CLOSED }

    private static final int MAX_LINE = 1024;

    final SocketChannel channel;
    final SelectionKey key;
    final PeersSection section;
    final boolean outgoing;
    RemotePeer peer;
    State state;
    /** When an accepted connection was opened (service clock), for its handshake's deadline. */
    long openedMs;
    /** The minor version the dialler announced (0: it speaks 2.0, without timed updates). */
    int peerMinor = PeerWire.MINOR;
    private final ByteBuffer in = ByteBuffer.allocate(PeerWire.MAX_MESSAGE + 64);
    final WireWriter out = new WireWriter();
    final WireReader reader = new WireReader();
    final DictionaryCache dictionary = new DictionaryCache();
    final StickUpdate update = new StickUpdate();
    final StickKey probe = StickKey.probe(StickKey.MAX_LENGTH);
    final TableCodec.Definition definition = new TableCodec.Definition();

    PeerSession(final SocketChannel channel, final SelectionKey key, final PeersSection section,
                final RemotePeer peer, final boolean outgoing) {
        this.channel = channel;
        this.key = key;
        this.section = section;
        this.peer = peer;
        this.outgoing = outgoing;
        this.state = outgoing ? State.CONNECTING : State.GET_VERSION;
    }

    boolean established() {
        return state == State.ESTABLISHED;
    }

    /** The dialled connection is up: the hello goes out. */
    void connected(final PeerProtocol protocol) throws IOException {
        if (!channel.finishConnect()) {
            return;
        }
        out.ascii(PeerWire.PROTOCOL + " " + PeerWire.MAJOR + "." + PeerWire.MINOR + "\n" + peer.config.name() + "\n"
            + section.localName() + " " + ProcessHandle.current().pid() + " 1\n");
        state = State.GET_STATUS;
        peer.statusCode = PeerWire.SC_CONNECTED;
        key.interestOps(SelectionKey.OP_READ);
        flush();
    }

    /** Reads what arrived and handles every whole line or message; false when the session ended. */
    boolean readable(final PeerProtocol protocol, final long nowMs) throws IOException {
        final int n = channel.read(in);
        if (n < 0) {
            return false;
        }
        in.flip();
        try {
            while (state != State.CLOSING && state != State.CLOSED) {
                if (state == State.ESTABLISHED) {
                    if (!message(protocol, nowMs)) {
                        break;
                    }
                } else {
                    final String line = line();
                    if (line == null) {
                        break;
                    }
                    handshake(line, protocol, nowMs);
                }
            }
        } finally {
            in.compact();
        }
        if (state != State.CLOSING && !in.hasRemaining()) {
            return false; // a line longer than the buffer
        }
        return state != State.CLOSED;
    }

    private String line() throws IOException {
        for (int i = in.position(); i < in.limit(); i++) {
            if (in.get(i) == '\n') {
                int end = i;
                if (end > in.position() && in.get(end - 1) == '\r') {
                    end--;
                }
                final byte[] b = new byte[end - in.position()];
                in.get(b);
                in.position(i + 1);
                return new String(b, StandardCharsets.ISO_8859_1);
            }
        }
        if (in.remaining() > MAX_LINE) {
            throw new IOException("handshake line too long");
        }
        return null;
    }

    private void handshake(final String line, final PeerProtocol protocol, final long nowMs) throws IOException {
        switch (state) {
            case GET_STATUS: {
                int code;
                try {
                    code = Integer.parseInt(line.trim());
                } catch (final NumberFormatException e) {
                    code = 0;
                }
                peer.statusCode = code;
                peer.lastHandshakeMs = nowMs;
                if (code != PeerWire.SC_SUCCESS) {
                    Logger.warn("peers {}: peer '{}' refused the session with status {}", section.config.name(),
                        peer.config.name(), code);
                    state = State.CLOSED;
                    return;
                }
                state = State.ESTABLISHED;
                protocol.established(this, nowMs);
                return;
            }
            case GET_VERSION: {
                final String prefix = PeerWire.PROTOCOL + " ";
                if (!line.startsWith(prefix)) {
                    refuse(PeerWire.SC_ERR_PROTO);
                    return;
                }
                final String v = line.substring(prefix.length());
                final int dot = v.indexOf('.');
                int major = -1;
                int minor = -1;
                try {
                    major = Integer.parseInt(v.substring(0, dot));
                    minor = Integer.parseInt(v.substring(dot + 1));
                } catch (final RuntimeException e) {
                    // refused below
                }
                if (major != PeerWire.MAJOR || minor < 0 || minor > PeerWire.MINOR) {
                    refuse(PeerWire.SC_ERR_VERSION);
                    return;
                }
                peerMinor = minor;
                state = State.GET_HOST;
                return;
            }
            case GET_HOST:
                if (!line.equals(section.localName())) {
                    refuse(PeerWire.SC_ERR_HOST);
                    return;
                }
                state = State.GET_PEER;
                return;
            case GET_PEER: {
                final int space = line.indexOf(' ');
                if (space < 0) {
                    refuse(PeerWire.SC_ERR_PROTO);
                    return;
                }
                final RemotePeer p = section.remote(line.substring(0, space));
                if (p == null) {
                    refuse(PeerWire.SC_ERR_PEER);
                    return;
                }
                peer = p;
                protocol.accepted(this, nowMs);
                out.ascii(PeerWire.SC_SUCCESS + "\n");
                state = State.ESTABLISHED;
                protocol.established(this, nowMs);
                return;
            }
            default:
                throw new IllegalStateException("no line expected in state " + state);
        }
    }

    /** Answers an error status and ends the session once it is sent. */
    private void refuse(final int status) throws IOException {
        out.ascii(status + "\n");
        state = State.CLOSING;
        flush();
    }

    /** Handles the next whole message; false when none is complete yet. */
    private boolean message(final PeerProtocol protocol, final long nowMs) throws IOException {
        final int start = in.position();
        final int avail = in.limit() - start;
        if (avail < 2) {
            return false;
        }
        final int cls = in.get(start) & 0xFF;
        final int type = in.get(start + 1) & 0xFF;
        int bodyFrom = start + 2;
        int bodyTo = bodyFrom;
        if ((type & PeerWire.DATA_BIT) != 0) {
            reader.reset(in.array(), bodyFrom, in.limit());
            final long size;
            try {
                size = reader.varint();
            } catch (final WireReader.Malformed e) {
                if (avail >= 2 + 10) {
                    protocolError(protocol);
                }
                return false;
            }
            if (size > PeerWire.MAX_MESSAGE) {
                out.control(PeerWire.CLASS_ERROR, PeerWire.ERR_SIZE_LIMIT);
                state = State.CLOSING;
                flush();
                return false;
            }
            bodyFrom = reader.position();
            bodyTo = bodyFrom + (int) size;
            if (bodyTo > in.limit()) {
                return false;
            }
        }
        in.position(bodyTo);
        reader.reset(in.array(), bodyFrom, bodyTo);
        try {
            protocol.received(this, cls, type, reader, nowMs);
        } catch (final WireReader.Malformed e) {
            Logger.debug("peers {}: malformed message from '{}': {}", section.config.name(), peer.config.name(),
                e.getMessage());
            protocolError(protocol);
            return false;
        }
        return true;
    }

    /** HAProxy's protocol error message, then the end of the session. */
    void protocolError(final PeerProtocol protocol) throws IOException {
        peer.protocolErrors++;
        out.control(PeerWire.CLASS_ERROR, PeerWire.ERR_PROTOCOL);
        state = State.CLOSING;
        flush();
    }

    /** Writes what the socket takes; true when everything went. Watches for writability while some is left. */
    boolean flush() throws IOException {
        if (out.length() > 0) {
            final int n = channel.write(ByteBuffer.wrap(out.array(), 0, out.length()));
            out.consume(n);
        }
        final boolean done = out.length() == 0;
        if (key.isValid()) {
            final int ops = done ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE;
            if (state != State.CONNECTING && key.interestOps() != ops) {
                key.interestOps(ops);
            }
        }
        if (done && state == State.CLOSING) {
            state = State.CLOSED;
        }
        return done;
    }

    /** Bytes not yet written: pushing waits while the peer reads slowly. */
    int pending() {
        return out.length();
    }

    void close() {
        state = State.CLOSED;
        key.cancel();
        try {
            channel.close();
        } catch (final IOException e) {
            // closing: nothing to do
        }
    }
}
