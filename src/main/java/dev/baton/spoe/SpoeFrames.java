package dev.baton.spoe;

import dev.baton.config.SpoeMessage;
import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.vars.VarName;
import dev.baton.sample.vars.Vars;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A stream's side of SPOP: the NOTIFY frame of an event or group (each message whose condition holds, its arguments
 * evaluated where the stream stands, an argument without value sent as NULL), and the actions of its ACK applied to
 * the stream's variables. Reactor thread; no allocation (message and argument names are encoded once, at
 * construction, and kept).
 */
public final class SpoeFrames {
    /** {@link #notify} found no message to send (every condition false). */
    public static final int NOTHING = 0;
    /** {@link #notify} wrote a frame. */
    public static final int WRITTEN = 1;
    /** {@link #notify} could not fit the messages in one frame: SPOE error 3. */
    public static final int TOO_BIG = -1;

    private final byte[][] messageNames;
    private final byte[][][] argNames;
    private final List<SpoeMessage> messages;

    /** The frames of {@code messages} (an event's, or a group's as one rule sends it). */
    public SpoeFrames(final List<SpoeMessage> messages) {
        this.messages = List.copyOf(messages);
        this.messageNames = new byte[messages.size()][];
        this.argNames = new byte[messages.size()][][];
        for (int i = 0; i < messages.size(); i++) {
            final SpoeMessage m = messages.get(i);
            messageNames[i] = m.name().getBytes(StandardCharsets.UTF_8);
            argNames[i] = new byte[m.args().size()][];
            for (int j = 0; j < m.args().size(); j++) {
                argNames[i][j] = m.args().get(j).name().getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * Writes the NOTIFY frame for stream {@code streamId}, frame {@code frameId} at {@code out}'s position, bounded by
     * its limit: {@link #WRITTEN}, {@link #NOTHING} (out unchanged) or {@link #TOO_BIG} (out's position back where it
     * was). {@code smp} is the caller's scratch sample.
     */
    public int notify(final ByteBuffer out, final SampleContext ctx, final long streamId, final long frameId,
                      final Sample smp) {
        final int begin = out.position();
        try {
            final int start = SpopWriter.beginFrame(out, Spop.NOTIFY, Spop.FLAG_FIN, streamId, frameId);
            int sent = 0;
            for (int i = 0; i < messageNames.length; i++) {
                final SpoeMessage m = messages.get(i);
                if (!m.condition().test(ctx)) {
                    continue;
                }
                sent++;
                SpopWriter.name(out, messageNames[i]);
                out.put((byte) argNames[i].length);
                for (int j = 0; j < argNames[i].length; j++) {
                    SpopWriter.name(out, argNames[i][j]);
                    SpopWriter.typed(out, m.args().get(j).expr().eval(ctx, smp) ? smp : null);
                }
            }
            if (sent == 0) {
                out.position(begin);
                return NOTHING;
            }
            SpopWriter.endFrame(out, start);
            return WRITTEN;
        } catch (final BufferOverflowException e) {
            out.position(begin);
            return TOO_BIG;
        }
    }

    /**
     * Applies the actions of the ACK in {@code c} (its header read) to {@code vars}: set-var and unset-var on the
     * variables {@code table} knows, others ignored, as HAProxy ignores variables it does not know. Stops at the
     * first malformed or unknown action (what came before it stays applied); returns false then.
     */
    public static boolean applyAck(final SpopCursor c, final SpoeVarTable table, final Vars vars, final Sample smp) {
        while (c.more()) {
            final int type = c.u8();
            final int args = c.u8();
            if (type != Spop.ACTION_SET_VAR && type != Spop.ACTION_UNSET_VAR
                || args != (type == Spop.ACTION_SET_VAR ? 3 : 2)) {
                return false;
            }
            final int scope = c.u8();
            final int n = c.bytes();
            if (n < 0) {
                return false;
            }
            final VarName v = table.find(scope, c.buffer(), c.at, n);
            if (type == Spop.ACTION_SET_VAR) {
                final boolean value = c.typed(smp);
                if (c.bad) {
                    return false;
                }
                if (v != null && vars != null) {
                    if (value) {
                        vars.set(v, smp, 0);
                    } else {
                        vars.unset(v); // a NULL value unsets, as HAProxy
                    }
                }
            } else if (v != null && vars != null) {
                vars.unset(v);
            }
        }
        return !c.bad;
    }

    /** {@code v} (an agent's time or error variable; null: not configured) set to the integer {@code value}. */
    public static void setInt(final Vars vars, final VarName v, final long value, final Sample smp) {
        if (v != null && vars != null) {
            vars.set(v, smp.setInt(value), 0);
        }
    }
}
