package dev.baton.spoe;

import dev.baton.config.SourceLocation;
import dev.baton.config.SpoeMessage;
import dev.baton.http.rules.Condition;
import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleParser;
import dev.baton.sample.SampleType;
import dev.baton.sample.Scratch;
import dev.baton.sample.Uses;
import dev.baton.sample.vars.VarName;
import dev.baton.sample.vars.VarNames;
import dev.baton.sample.vars.VarScope;
import dev.baton.sample.vars.VarStore;
import dev.baton.sample.vars.Vars;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** NOTIFY frames of messages evaluated on a stream, and ACK actions applied to its variables. */
class SpoeFramesTest {
    private static final SourceLocation HERE = new SourceLocation("spoe.conf", 1);

    private static SpoeMessage.Arg arg(final String name, final String expr) {
        return new SpoeMessage.Arg(name, SampleParser.parse(expr, Uses.HTTP_REQUEST));
    }

    /** A stream's view that offers its variables only. */
    private static SampleContext context(final Vars vars) {
        return new SampleContext() {
            @Override
            public Vars vars() {
                return vars;
            }
        };
    }

    /** A condition that never holds: one ACL without any test. */
    private static Condition never() {
        return new Condition.Builder().acl(List.of(), false).or().build(false, "if FALSE");
    }

    private static Vars streamVars() {
        final Vars vars = new Vars();
        vars.attach(new VarStore(VarScope.SESS));
        return vars;
    }

    @Test
    void aNotifyCarriesEachMessageWhoseConditionHolds() {
        final VarName tag = VarNames.resolve("txn.tst.tag");
        final SpoeFrames frames = new SpoeFrames(List.of(
            new SpoeMessage("check", HERE, List.of(arg("a", "str(abc)"), arg("", "int(-5)"), arg("t", "var(txn.tst.tag)"),
                arg("missing", "var(txn.tst.none)")), null, Condition.NONE),
            new SpoeMessage("never", HERE, List.of(arg("x", "int(1)")), null,
                never())));
        final Vars vars = streamVars();
        vars.set(tag, new Sample().setInt(7), 0);
        final ByteBuffer out = ByteBuffer.allocate(300);
        assertEquals(SpoeFrames.WRITTEN, frames.notify(out, context(vars), 12, 3, new Sample()));
        final SpopCursor c = new SpopCursor().reset(out, 4, out.getInt(0));
        assertTrue(c.frame());
        assertEquals(Spop.NOTIFY, c.type);
        assertEquals(12, c.streamId);
        assertEquals(3, c.frameId);
        final int n = c.bytes();
        assertEquals("check", c.text(c.at, n));
        assertEquals(4, c.u8());
        final Sample v = new Sample();
        c.bytes();
        assertEquals("a", c.text(c.at, 1));
        assertTrue(c.typed(v));
        assertEquals("abc", c.text(v.offset(), v.length()));
        assertEquals(0, c.bytes()); // an unnamed argument
        assertTrue(c.typed(v));
        assertEquals(-5, v.number());
        c.bytes();
        assertTrue(c.typed(v));
        assertEquals(7, v.number());
        c.bytes();
        assertFalse(c.typed(v)); // no value: NULL
        assertFalse(c.more(), "the message whose condition fails is left out");
        assertFalse(c.bad);
    }

    @Test
    void nothingToSendOrTooBig() {
        final SpoeFrames frames = new SpoeFrames(List.of(new SpoeMessage("m", HERE, List.of(arg("a", "str(abcdef)")),
            null, never())));
        final ByteBuffer out = ByteBuffer.allocate(64);
        assertEquals(SpoeFrames.NOTHING, frames.notify(out, context(null), 1, 1, new Sample()));
        assertEquals(0, out.position());
        final SpoeFrames big = new SpoeFrames(List.of(new SpoeMessage("m", HERE, List.of(arg("a", "str(abcdefghij)")),
            null, Condition.NONE)));
        out.limit(20);
        assertEquals(SpoeFrames.TOO_BIG, big.notify(out, context(null), 1, 1, new Sample()));
        assertEquals(0, out.position());
    }

    private static ByteBuffer ack(final Object... actions) {
        final ByteBuffer b = ByteBuffer.allocate(256);
        final int start = SpopWriter.beginFrame(b, Spop.ACK, Spop.FLAG_FIN, 1, 1);
        for (int i = 0; i < actions.length; i += 3) {
            final boolean set = actions[i + 2] != null || actions[i + 1] instanceof String s && s.startsWith("=");
            b.put((byte) (set ? Spop.ACTION_SET_VAR : Spop.ACTION_UNSET_VAR));
            b.put((byte) (set ? 3 : 2));
            b.put((byte) (int) (Integer) actions[i]);
            SpopWriter.name(b, ((String) actions[i + 1]).replace("=", "").getBytes(StandardCharsets.UTF_8));
            if (set) {
                final Object value = actions[i + 2];
                if (value instanceof Long l) {
                    b.put((byte) Spop.T_INT64);
                    SpopWriter.varint(b, l);
                } else if (value instanceof String s) {
                    SpopWriter.string(b, s);
                } else {
                    b.put((byte) Spop.T_NULL);
                }
            }
        }
        SpopWriter.endFrame(b, start);
        return b;
    }

    @Test
    void anAckSetsAndUnsetsTheAgentsVariables() {
        final VarName code = VarNames.resolve("txn.ack.code");
        final VarName who = VarNames.resolve("sess.ack.who");
        final VarName gone = VarNames.resolve("txn.ack.gone");
        final SpoeVarTable table = SpoeVarTable.of("ack");
        assertEquals(3, table.size());
        final Vars vars = streamVars();
        vars.set(gone, new Sample().setInt(1), 0);
        final ByteBuffer b = ack(Spop.SCOPE_TXN, "code", 403L, Spop.SCOPE_SESS, "who", "bot",
            Spop.SCOPE_TXN, "unknown", 1L, Spop.SCOPE_REQ, "code", 5L, Spop.SCOPE_TXN, "gone", null);
        final SpopCursor c = new SpopCursor().reset(b, 4, b.getInt(0));
        assertTrue(c.frame());
        assertTrue(SpoeFrames.applyAck(c, table, vars, new Sample()));
        final Sample v = new Sample();
        final Scratch scratch = Scratch.forThread();
        assertTrue(vars.get(code, v, scratch));
        assertEquals(403, v.number());
        assertTrue(vars.get(who, v, scratch));
        assertEquals(SampleType.STR, v.type());
        assertFalse(vars.get(gone, v, scratch), "unset");
    }

    @Test
    void aMalformedActionStopsTheRest() {
        final ByteBuffer b = ByteBuffer.allocate(64);
        final int start = SpopWriter.beginFrame(b, Spop.ACK, Spop.FLAG_FIN, 1, 1);
        b.put((byte) 9).put((byte) 1).put((byte) 0);
        SpopWriter.endFrame(b, start);
        final SpopCursor c = new SpopCursor().reset(b, 4, b.getInt(0));
        assertTrue(c.frame());
        assertFalse(SpoeFrames.applyAck(c, SpoeVarTable.of("ack"), streamVars(), new Sample()));
    }

    @Test
    void encodingAndApplyingAllocateNothing() {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        VarNames.resolve("txn.noalloc.code");
        final SpoeVarTable table = SpoeVarTable.of("noalloc");
        final SpoeFrames frames = new SpoeFrames(List.of(new SpoeMessage("m", HERE,
            List.of(arg("a", "str(abc)"), arg("b", "int(42)")), null, Condition.NONE)));
        final Vars vars = streamVars();
        final SampleContext ctx = context(vars);
        final ByteBuffer out = ByteBuffer.allocateDirect(256);
        final ByteBuffer ackFrame = ack(Spop.SCOPE_TXN, "code", 1L);
        final SpopCursor c = new SpopCursor();
        final Sample smp = new Sample();
        for (int i = 0; i < 1000; i++) { // warm up: stores grow to their values once
            out.clear();
            frames.notify(out, ctx, i, 1, smp);
            c.reset(ackFrame, 4, ackFrame.getInt(0)).frame();
            SpoeFrames.applyAck(c, table, vars, smp);
        }
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 100_000; i++) {
            out.clear();
            frames.notify(out, ctx, i, 1, smp);
            c.reset(ackFrame, 4, ackFrame.getInt(0)).frame();
            SpoeFrames.applyAck(c, table, vars, smp);
        }
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes for 100000 exchanges");
    }
}
