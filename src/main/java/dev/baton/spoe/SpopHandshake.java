package dev.baton.spoe;

import dev.baton.sample.Sample;

/**
 * The reading side of SPOP's handshake and farewell, as HAProxy 2.6 checks them: AGENT-HELLO (a version of the
 * 2.0 line, a frame size between 256 and what baton offered, capabilities among which {@code pipelining}) and
 * AGENT-DISCONNECT (status and message). Once per connection: these allocate a little (texts). Stateless.
 */
public final class SpopHandshake {
    /** An accepted AGENT-HELLO: the frame size both sides now use, and whether NOTIFY frames may be pipelined. */
    public record Hello(int maxFrameSize, boolean pipelining) {
    }

    /** An AGENT-DISCONNECT: the agent's status code and message. */
    public record Disconnect(int status, String message) {
    }

    private SpopHandshake() {
    }

    /**
     * The AGENT-HELLO in {@code c} (its header read, of type {@link Spop#AGENT_HELLO}) answering a HAPROXY-HELLO
     * that offered {@code offeredFrameSize}; {@code status[0]} gets the SPOP status when it is refused (then null).
     */
    public static Hello agentHello(final SpopCursor c, final int offeredFrameSize, final boolean pipeliningAllowed,
                                   final int[] status) {
        if ((c.flags & Spop.FLAG_FIN) == 0) {
            status[0] = Spop.STATUS_FRAG_NOT_SUPPORTED;
            return null;
        }
        if (c.streamId != 0 || c.frameId != 0) {
            status[0] = Spop.STATUS_INVALID;
            return null;
        }
        int version = 0;
        long frameSize = 0;
        boolean pipelining = false;
        final Sample value = new Sample();
        while (c.more()) {
            final int n = c.bytes();
            final int key = c.at;
            if (n <= 0) {
                status[0] = Spop.STATUS_INVALID;
                return null;
            }
            if (c.equals(key, n, SpopWriter.Keys.VERSION)) {
                if (!c.typed(value) || value.type() != dev.baton.sample.SampleType.STR) {
                    status[0] = Spop.STATUS_INVALID;
                    return null;
                }
                version = version(c.text(value.offset(), value.length()));
                if (version != 2000) {
                    status[0] = Spop.STATUS_BAD_VSN;
                    return null;
                }
            } else if (c.equals(key, n, SpopWriter.Keys.MAX_FRAME_SIZE)) {
                if (!c.typed(value) || value.type() != dev.baton.sample.SampleType.SINT) {
                    status[0] = Spop.STATUS_INVALID;
                    return null;
                }
                frameSize = value.number();
                if (frameSize < 256 || frameSize > offeredFrameSize) {
                    status[0] = Spop.STATUS_BAD_FRAME_SIZE;
                    return null;
                }
            } else if (c.equals(key, n, SpopWriter.Keys.CAPABILITIES)) {
                if (!c.typed(value) || value.type() != dev.baton.sample.SampleType.STR) {
                    status[0] = Spop.STATUS_INVALID;
                    return null;
                }
                for (final String cap : c.text(value.offset(), value.length()).split(",")) {
                    pipelining |= cap.strip().equals("pipelining");
                }
            } else {
                c.skipTyped(value);
            }
            if (c.bad) {
                status[0] = Spop.STATUS_INVALID;
                return null;
            }
        }
        if (version == 0) {
            status[0] = Spop.STATUS_NO_VSN;
            return null;
        }
        if (frameSize == 0) {
            status[0] = Spop.STATUS_NO_FRAME_SIZE;
            return null;
        }
        return new Hello((int) frameSize, pipelining && pipeliningAllowed);
    }

    /** {@code MAJOR.MINOR} as {@code 1000 * MAJOR + MINOR}, -1 when malformed. */
    static int version(final String text) {
        final String s = text.strip();
        final int dot = s.indexOf('.');
        if (dot <= 0 || dot == s.length() - 1) {
            return -1;
        }
        try {
            final int major = Integer.parseInt(s.substring(0, dot));
            final int minor = Integer.parseInt(s.substring(dot + 1));
            return major <= 0 || minor > 999 || minor < 0 ? -1 : major * 1000 + minor;
        } catch (final NumberFormatException e) {
            return -1;
        }
    }

    /** The AGENT-DISCONNECT in {@code c} (its header read); a malformed one reads as an invalid-frame status. */
    public static Disconnect agentDisconnect(final SpopCursor c) {
        int status = -1;
        String message = "";
        final Sample value = new Sample();
        while (c.more()) {
            final int n = c.bytes();
            final int key = c.at;
            if (n <= 0) {
                break;
            }
            if (c.equals(key, n, SpopWriter.Keys.STATUS_CODE) && c.typed(value)
                && value.type() == dev.baton.sample.SampleType.SINT) {
                status = (int) value.number();
            } else if (c.equals(key, n, SpopWriter.Keys.MESSAGE) && c.typed(value)
                && value.type() == dev.baton.sample.SampleType.STR) {
                message = c.text(value.offset(), value.length());
            } else {
                c.skipTyped(value);
            }
        }
        return c.bad || status < 0 ? new Disconnect(Spop.STATUS_INVALID, "invalid frame received")
            : new Disconnect(status, message);
    }
}
