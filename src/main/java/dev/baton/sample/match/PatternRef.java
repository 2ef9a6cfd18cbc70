package dev.baton.sample.match;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pattern reference as HAProxy's runtime API shows it ({@code show map}, {@code show acl}): the entries of one
 * pattern or map file, or the inline patterns of one ACL test, shared by every ACL test and map converter that names
 * it, and changed at run time by the {@code add|set|del|clear|prepare|commit map|acl} commands.
 *
 * <p>Entries carry a version: those of {@link #currentVersion} are the ones matched; {@code prepare} allocates a
 * later version whose entries stay invisible until {@code commit} makes it current (and drops the older ones), as
 * HAProxy's atomic replacement does.
 *
 * <p>Threads: built on the configuration thread, changed afterwards by the runtime API's commands (reactor 0);
 * {@code synchronized} guards the entries. Reactors never read them: each {@link User} (a map converter or an ACL
 * test) keeps its own compiled snapshot, rebuilt from the visible entries after every change and published by a
 * volatile write, so a lookup reads one volatile field and allocates nothing. A change costs a rebuild of the
 * snapshot (linear in the entries), on the commanding thread.
 */
public final class PatternRef {
    /** One entry: its reference (shown as {@code 0x...}, usable as {@code #0x...}), key, value (maps) and version. */
    public record Entry(long ref, String key, String value, int version) {
        public String refText() {
            return "0x" + Long.toHexString(ref);
        }
    }

    /** A map converter or an ACL test over this reference. */
    public interface User {
        /** Compiles {@code visible} (the entries of the current version, in order) and publishes the result. */
        void rebuild(List<Entry> visible);

        /** Compiles {@code entries} without publishing: throws {@link dev.baton.sample.SampleException} if bad. */
        void check(List<Entry> entries);

        /** {@code map} or {@code acl}. */
        String kind();

        /** Where the configuration uses the reference: {@code file 'F' line N}. */
        String where();

        /** The runtime API's {@code get map|acl} line for {@code value} against the published snapshot. */
        String lookup(String value);
    }

    /** Entry references: unique in the process, never reused (a deleted entry's reference finds nothing). */
    private static final AtomicLong REFS = new AtomicLong(0x10000);

    private final int id;
    private final String file;
    private final String inlineDescription;
    private final boolean twoColumns;
    private final List<Entry> entries = new ArrayList<>();
    private final List<User> users = new ArrayList<>();
    private int currentVersion;
    private int nextVersion;

    PatternRef(final int id, final String file, final String inlineDescription, final boolean twoColumns) {
        this.id = id;
        this.file = file;
        this.inlineDescription = inlineDescription;
        this.twoColumns = twoColumns;
    }

    public int id() {
        return id;
    }

    /** The file, or "" for the inline patterns of one ACL test. */
    public String file() {
        return file;
    }

    /** Whether entries have values (a map file): {@code add acl} is then refused. */
    public boolean twoColumns() {
        return twoColumns;
    }

    /** Whether a user of {@code kind} ({@code map}/{@code acl}) uses this reference. */
    public synchronized boolean usedAs(final String kind) {
        for (final User u : users) {
            if (u.kind().equals(kind)) {
                return true;
            }
        }
        return false;
    }

    /** Adds a user and gives it the visible entries (configuration thread). */
    public synchronized void attach(final User user) {
        users.add(user);
        user.rebuild(visible());
    }

    /** Appends an entry at load (configuration thread): version 0, visible. */
    synchronized void load(final String key, final String value) {
        entries.add(new Entry(REFS.getAndIncrement(), key, value, 0));
    }

    /** The {@code show map|acl} list line: {@code ID (FILE) DESCRIPTION curr_ver=.. next_ver=.. entry_cnt=..}. */
    public synchronized String listLine() {
        final StringBuilder b = new StringBuilder().append(id).append(" (").append(file).append(") ");
        if (file.isEmpty()) {
            b.append(inlineDescription);
        } else {
            b.append("pattern loaded from file '").append(file).append("' used by ");
            for (int i = 0; i < users.size(); i++) {
                b.append(i > 0 ? ", by " : "").append(users.get(i).kind()).append(" at ").append(users.get(i).where());
            }
        }
        return b.append(". curr_ver=").append(currentVersion).append(" next_ver=").append(nextVersion)
            .append(" entry_cnt=").append(entries.size()).toString();
    }

    /** The entries of {@code version}, in order. */
    public synchronized List<Entry> entries(final int version) {
        final List<Entry> out = new ArrayList<>();
        for (final Entry e : entries) {
            if (e.version() == version) {
                out.add(e);
            }
        }
        return out;
    }

    public synchronized int currentVersion() {
        return currentVersion;
    }

    /** Whether {@code version} is past the last one {@code prepare} allocated (versions wrap as unsigned 32 bits). */
    public synchronized boolean inFuture(final int version) {
        return version - nextVersion > 0;
    }

    /**
     * Adds an entry to {@code version} (visible at once when it is the current one). A key or value a user cannot
     * compile (a bad address, regex or integer) leaves everything as it was and throws
     * {@link dev.baton.sample.SampleException}.
     */
    public synchronized void add(final int version, final String key, final String value) {
        addUnpublished(version, key, value);
        if (version == currentVersion) {
            publish();
        }
    }

    private void addUnpublished(final int version, final String key, final String value) {
        final Entry added = new Entry(REFS.getAndIncrement(), key, value, version);
        final List<Entry> trial = new ArrayList<>(List.of(added));
        for (final User u : users) {
            u.check(trial);
        }
        entries.add(added);
    }

    /**
     * A change asked by traffic ({@code http-request set-map|del-map|add-acl|del-acl}): {@link #ADD_IF_ABSENT} adds
     * the key when no visible entry has it, {@link #UPSERT} sets the value of the entries that have it or adds it,
     * {@link #DELETE} removes them, as HAProxy's actions do.
     */
    public record TrafficChange(int kind, String key, String value) {
    }

    public static final int ADD_IF_ABSENT = 0;
    public static final int UPSERT = 1;
    public static final int DELETE = 2;

    /**
     * Applies {@code changes} in order and publishes once (one snapshot rebuild for the whole batch). A change whose
     * value a user cannot compile (a non-number for an integer map) is skipped, as HAProxy's failed insertion is.
     */
    public synchronized void apply(final List<TrafficChange> changes) {
        boolean changed = false;
        for (final TrafficChange c : changes) {
            try {
                if (c.kind() == DELETE) {
                    changed |= entries.removeIf(e -> e.version() == currentVersion && e.key().equals(c.key()));
                } else if (c.kind() == UPSERT && setUnpublished(c.key(), c.value()) > 0) {
                    changed = true;
                } else if (c.kind() == UPSERT || !hasVisibleKey(c.key())) {
                    addUnpublished(currentVersion, c.key(), c.value());
                    changed = true;
                }
            } catch (final dev.baton.sample.SampleException e) {
                // not a value this reference's users can take: nothing changes
            }
        }
        if (changed) {
            publish();
        }
    }

    private boolean hasVisibleKey(final String key) {
        for (final Entry e : entries) {
            if (e.version() == currentVersion && e.key().equals(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sets the value of the visible entries whose key is {@code keyOrRef}, or of the one entry it names as
     * {@code #0x...}; returns how many changed.
     */
    public synchronized int set(final String keyOrRef, final String value) {
        final int changed = setUnpublished(keyOrRef, value);
        if (changed > 0) {
            publish();
        }
        return changed;
    }

    private int setUnpublished(final String keyOrRef, final String value) {
        for (final User u : users) {
            u.check(List.of(new Entry(0, "", value, 0)));
        }
        int changed = 0;
        for (int i = 0; i < entries.size(); i++) {
            final Entry e = entries.get(i);
            if (e.version() == currentVersion && names(e, keyOrRef)) {
                entries.set(i, new Entry(e.ref(), e.key(), value, e.version()));
                changed++;
            }
        }
        return changed;
    }

    /** Deletes the visible entries whose key is {@code keyOrRef} (or the one it names); returns how many. */
    public synchronized int delete(final String keyOrRef) {
        final int before = entries.size();
        entries.removeIf(e -> e.version() == currentVersion && names(e, keyOrRef));
        final int removed = before - entries.size();
        if (removed > 0) {
            publish();
        }
        return removed;
    }

    /** Removes every entry of {@code version}. */
    public synchronized void clear(final int version) {
        entries.removeIf(e -> e.version() == version);
        if (version == currentVersion) {
            publish();
        }
    }

    /** Allocates the next version for an atomic replacement; returns it. */
    public synchronized int prepare() {
        nextVersion++;
        return nextVersion;
    }

    /**
     * Makes {@code version} current and drops the entries of the versions before it; false when {@code version} is
     * not between the current version (exclusive) and the next one.
     */
    public synchronized boolean commit(final int version) {
        if (Integer.compareUnsigned(version, currentVersion) <= 0
            || Integer.compareUnsigned(version, nextVersion) > 0) {
            return false;
        }
        entries.removeIf(e -> Integer.compareUnsigned(e.version(), version) < 0);
        currentVersion = version;
        publish();
        return true;
    }

    /** The {@code get} lines of every user of {@code kind} for {@code value}. */
    public synchronized List<String> lookup(final String kind, final String value) {
        final List<String> out = new ArrayList<>();
        for (final User u : users) {
            if (u.kind().equals(kind)) {
                out.add(u.lookup(value));
            }
        }
        return out;
    }

    private static boolean names(final Entry e, final String keyOrRef) {
        if (keyOrRef.startsWith("#")) {
            return keyOrRef.substring(1).equalsIgnoreCase(e.refText());
        }
        return e.key().equals(keyOrRef);
    }

    private List<Entry> visible() {
        return entries(currentVersion);
    }

    private void publish() {
        final List<Entry> visible = visible();
        for (final User u : users) {
            u.rebuild(visible);
        }
    }
}
