package dev.baton.sample.vars;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleType;
import dev.baton.sample.Scratch;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The variables of one scope instance (a session's {@code sess.*}, a stream's {@code txn.*}, its request or response
 * variables, or the process's {@code proc.*}), by slot ({@link VarName#slot()}): typed samples, a string or binary
 * value copied into a byte array of its slot. Arrays are sized from {@link VarNames#count} when made and grow when a
 * slot past them is written (a name added by a later load); a slot's byte array grows to the longest value it held,
 * up to {@link #MAX_VALUE_BYTES}. Once a store has seen its values, setting, reading and clearing allocate nothing.
 *
 * <p>A variable is absent, exists without a value (a {@code proc} variable named by the configuration, or one whose
 * set was refused by a condition after it was created, as HAProxy 2.6's {@code var_set}), or set. {@link #set} applies
 * HAProxy's conditions ({@link #IF_EXISTS}...).
 *
 * <p>Thread-safety: a stream's or session's store is confined to the reactor thread that owns it. The process store
 * ({@code shared}) is written and read by every reactor: each method runs under the store's own monitor, so a reader
 * sees a whole value (type, number and bytes of one write), never a mix.
 */
public final class VarStore {
    /** Condition: set only when the variable exists already. */
    public static final int IF_EXISTS = 1;
    /** Condition: set only when the variable does not exist yet. */
    public static final int IF_NOT_EXISTS = 1 << 1;
    /** Condition: set only when the value is an empty string or binary. */
    public static final int IF_EMPTY = 1 << 2;
    /** Condition: set only when the value is not an empty string or binary. */
    public static final int IF_NOT_EMPTY = 1 << 3;
    /** Condition: set only when the variable holds a value. */
    public static final int IF_SET = 1 << 4;
    /** Condition: set only when the variable holds no value. */
    public static final int IF_NOT_SET = 1 << 5;
    /** Condition: when both are integers, set only when the variable's value is greater than the new one. */
    public static final int IF_GT = 1 << 6;
    /** Condition: when both are integers, set only when the variable's value is less than the new one. */
    public static final int IF_LT = 1 << 7;
    /** The longest string or binary value a variable keeps; a longer one is not stored (the set fails). */
    public static final int MAX_VALUE_BYTES = 16384;

    private static final int FIRST_VALUE_BYTES = 64;

    private final VarScope scope;
    private final boolean shared;
    private boolean[] exists;
    /** The value's type, null when the variable holds none. */
    private SampleType[] types;
    private long[] numbers;
    private byte[][] bytes;
    private int[] lengths;
    /** IPv6 values, 16 bytes per slot that held one (an IPv4 value is kept in {@link #numbers}). */
    private byte[][] v6;
    /** Whether any slot may be other than absent: lets {@link #clear} skip an untouched store. */
    private boolean dirty;

    /** A store for one instance of {@code scope}, confined to its owner's thread. */
    public VarStore(final VarScope scope) {
        this(scope, false);
    }

    VarStore(final VarScope scope, final boolean shared) {
        this.scope = scope;
        this.shared = shared;
        final int n = VarNames.count(scope);
        exists = new boolean[n];
        types = new SampleType[n];
        numbers = new long[n];
        bytes = new byte[n][];
        lengths = new int[n];
        v6 = new byte[n][];
    }

    public VarScope scope() {
        return scope;
    }

    /**
     * Stores {@code smp} (already evaluated; its bytes are copied) in {@code slot} when {@code conditions} (a set of
     * {@code IF_*} bits) hold; false when they do not, or when the value is longer than {@link #MAX_VALUE_BYTES}.
     */
    public boolean set(final int slot, final Sample smp, final int conditions) {
        if (shared) {
            synchronized (this) {
                return doSet(slot, smp, conditions);
            }
        }
        return doSet(slot, smp, conditions);
    }

    /** Removes the value of {@code slot} (a process variable keeps existing, without value). */
    public void unset(final int slot) {
        if (shared) {
            synchronized (this) {
                doUnset(slot);
            }
            return;
        }
        doUnset(slot);
    }

    /**
     * Puts the value of {@code slot} into {@code out} (a string or binary copied into a buffer of {@code scratch}, so
     * that it stays valid whatever later sets do); false when the variable holds no value.
     */
    public boolean get(final int slot, final Sample out, final Scratch scratch) {
        if (shared) {
            synchronized (this) {
                return doGet(slot, out, scratch);
            }
        }
        return doGet(slot, out, scratch);
    }

    /** Whether {@code slot} holds a value. */
    public boolean isSet(final int slot) {
        if (shared) {
            synchronized (this) {
                return slot < types.length && types[slot] != null;
            }
        }
        return slot < types.length && types[slot] != null;
    }

    /** Every variable absent again (a new request, a new connection); the byte arrays are kept for reuse. */
    public void clear() {
        if (!dirty) {
            return;
        }
        Arrays.fill(exists, false);
        Arrays.fill(types, null);
        dirty = false;
    }

    /** A process variable the configuration names: exists, without value (load time). */
    synchronized void create(final int slot) {
        ensure(slot);
        exists[slot] = true;
        dirty = true;
    }

    private boolean doSet(final int slot, final Sample smp, final int conditions) {
        ensure(slot);
        if (exists[slot]) {
            if ((conditions & IF_NOT_EXISTS) != 0) {
                return false;
            }
        } else {
            if ((conditions & IF_EXISTS) != 0) {
                return false;
            }
            exists[slot] = true; // created before the other conditions are checked, as HAProxy's var_set
            types[slot] = null;
            dirty = true;
        }
        final SampleType previous = types[slot];
        if ((conditions & IF_SET) != 0 && previous == null || (conditions & IF_NOT_SET) != 0 && previous != null) {
            return false;
        }
        final SampleType type = smp.type();
        switch (type) {
            case BOOL:
            case SINT:
                if ((conditions & IF_EMPTY) != 0) {
                    return false; // a scalar is never empty
                }
                if (type == SampleType.SINT && previous == SampleType.SINT
                    && ((conditions & IF_GT) != 0 && !(numbers[slot] > smp.number())
                    || (conditions & IF_LT) != 0 && !(numbers[slot] < smp.number()))) {
                    return false;
                }
                numbers[slot] = smp.number();
                break;
            case IPV4:
                if ((conditions & IF_EMPTY) != 0) {
                    return false;
                }
                numbers[slot] = smp.ipv4Int();
                break;
            case IPV6:
                if ((conditions & IF_EMPTY) != 0) {
                    return false;
                }
                if (v6[slot] == null) {
                    v6[slot] = new byte[16];
                }
                System.arraycopy(smp.address(), 0, v6[slot], 0, 16);
                break;
            case STR:
            case BIN:
                final int n = smp.length();
                if ((conditions & IF_NOT_EMPTY) != 0 && n == 0 || (conditions & IF_EMPTY) != 0 && n != 0
                    || n > MAX_VALUE_BYTES) {
                    return false;
                }
                room(slot, n);
                smp.buffer().get(smp.offset(), bytes[slot], 0, n);
                lengths[slot] = n;
                break;
            default:
                return false;
        }
        types[slot] = type;
        return true;
    }

    /** The byte array of {@code slot} holds at least {@code n} bytes (grown by doubling, once per new size). */
    private void room(final int slot, final int n) {
        final byte[] b = bytes[slot];
        if (b == null || b.length < n) {
            int size = b == null ? FIRST_VALUE_BYTES : b.length;
            while (size < n) {
                size *= 2;
            }
            bytes[slot] = new byte[Math.min(size, MAX_VALUE_BYTES)];
        }
    }

    private void doUnset(final int slot) {
        if (slot >= exists.length) {
            return;
        }
        types[slot] = null;
        if (!shared) {
            exists[slot] = false; // only process variables are permanent
        }
    }

    private boolean doGet(final int slot, final Sample out, final Scratch scratch) {
        if (slot >= types.length || types[slot] == null) {
            return false;
        }
        switch (types[slot]) {
            case BOOL:
                out.setBool(numbers[slot] != 0);
                return true;
            case SINT:
                out.setInt(numbers[slot]);
                return true;
            case IPV4:
                out.setIpv4((int) numbers[slot]);
                return true;
            case IPV6:
                out.setAddress(v6[slot]);
                return true;
            default:
                final ByteBuffer dst = scratch.next();
                dst.put(bytes[slot], 0, lengths[slot]);
                out.setBytes(types[slot], dst);
                return true;
        }
    }

    private void ensure(final int slot) {
        if (slot < exists.length) {
            return;
        }
        final int n = Math.max(slot + 1, VarNames.count(scope));
        exists = Arrays.copyOf(exists, n);
        types = Arrays.copyOf(types, n);
        numbers = Arrays.copyOf(numbers, n);
        bytes = Arrays.copyOf(bytes, n);
        lengths = Arrays.copyOf(lengths, n);
        v6 = Arrays.copyOf(v6, n);
    }
}
