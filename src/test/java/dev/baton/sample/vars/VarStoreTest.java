package dev.baton.sample.vars;

import dev.baton.sample.Sample;
import dev.baton.sample.Scratch;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HAProxy 2.6's set-var conditions and value handling ({@code var_set}), store by store. */
class VarStoreTest {
    private final Scratch scratch = Scratch.forThread();
    private final Sample in = new Sample();
    private final Sample out = new Sample();

    private Sample text(final String s) {
        final byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return in.setString(ByteBuffer.wrap(b), 0, b.length);
    }

    private String read(final VarStore store, final VarName v) {
        return store.get(v.slot(), out, scratch) ? out.type() + ":" + out : "none";
    }

    @Test
    void conditionsAsHaproxy() {
        final VarName v = VarNames.resolve("txn.vst_cond");
        final VarStore store = new VarStore(VarScope.TXN);
        assertFalse(store.set(v.slot(), in.setInt(1), VarStore.IF_EXISTS), "ifexists: not yet");
        assertTrue(store.set(v.slot(), in.setInt(5), VarStore.IF_NOT_EXISTS));
        assertFalse(store.set(v.slot(), in.setInt(6), VarStore.IF_NOT_EXISTS), "ifnotexists: it does now");
        assertFalse(store.set(v.slot(), in.setInt(7), VarStore.IF_NOT_SET));
        assertFalse(store.set(v.slot(), in.setInt(9), VarStore.IF_GT), "ifgt: 5 is not greater than 9");
        assertTrue(store.set(v.slot(), in.setInt(2), VarStore.IF_GT));
        assertFalse(store.set(v.slot(), in.setInt(1), VarStore.IF_LT), "iflt: 2 is not less than 1");
        assertEquals("SINT:2", read(store, v));
        assertTrue(store.set(v.slot(), text("abc"), VarStore.IF_GT), "ifgt compares integers only");
        assertFalse(store.set(v.slot(), in.setInt(3), VarStore.IF_EMPTY), "a scalar is never empty");
        assertFalse(store.set(v.slot(), text(""), VarStore.IF_NOT_EMPTY));
        assertTrue(store.set(v.slot(), text(""), VarStore.IF_EMPTY | VarStore.IF_SET));
        assertEquals("STR:", read(store, v));
        store.unset(v.slot());
        assertEquals("none", read(store, v));
        assertFalse(store.set(v.slot(), in.setInt(1), VarStore.IF_EXISTS), "unset removed a txn variable");
        assertFalse(store.set(v.slot(), in.setInt(1), VarStore.IF_SET), "not set, and now exists");
        assertTrue(store.set(v.slot(), in.setInt(1), VarStore.IF_EXISTS));
    }

    @Test
    void processVariablesExistOnceNamedAndStayAfterUnset() {
        final VarName v = VarNames.resolve("proc.vst_perm");
        final VarStore proc = VarNames.proc();
        assertTrue(proc.set(v.slot(), in.setBool(true), VarStore.IF_EXISTS), "named by the configuration: exists");
        proc.unset(v.slot());
        assertEquals("none", read(proc, v));
        assertTrue(proc.set(v.slot(), in.setIpv4(0x0a000001), VarStore.IF_EXISTS | VarStore.IF_NOT_SET));
        assertEquals("IPV4:10.0.0.1", read(proc, v));
    }

    @Test
    void valuesAreCopiedAndBoundedAndStoresGrowForNamesAddedLater() {
        final VarStore store = new VarStore(VarScope.SESS);
        final VarName late = VarNames.resolve("sess.vst_late_" + System.nanoTime());
        final byte[] long1 = new byte[VarStore.MAX_VALUE_BYTES];
        java.util.Arrays.fill(long1, (byte) 'a');
        assertTrue(store.set(late.slot(), in.setString(ByteBuffer.wrap(long1), 0, long1.length), 0));
        long1[0] = 'b';
        assertTrue(store.get(late.slot(), out, scratch));
        assertEquals('a', out.byteAt(0), "the value was copied");
        final byte[] tooLong = new byte[VarStore.MAX_VALUE_BYTES + 1];
        assertFalse(store.set(late.slot(), in.setString(ByteBuffer.wrap(tooLong), 0, tooLong.length), 0));
        assertEquals(VarStore.MAX_VALUE_BYTES, store.get(late.slot(), out, scratch) ? out.length() : -1);
        final byte[] v6 = new byte[16];
        v6[15] = 1;
        assertTrue(store.set(late.slot(), in.setAddress(v6), 0));
        assertEquals("IPV6:::1", read(store, late));
        store.clear();
        assertEquals("none", read(store, late));
    }
}
