package dev.baton.http.auth;

import dev.baton.http.rules.MessageView;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A {@code userlist} section: its users, each with a password (a crypt(3) hash, or {@code insecure-password}) and
 * groups. {@link #check} is HAProxy's {@code http_auth(L)}: the request's Basic credentials name a user of the list
 * and carry its password; {@link #checkGroups} adds {@code http_auth_group(L) G...}: that user is in one of the groups.
 * <p>Immutable once built at load, shared by every reactor. A crypt hash costs about a millisecond to check, too long
 * to pay on a reactor for each request of a client that sends its credentials every time: the last password that
 * verified for a user is remembered as a salted SHA-256 digest (never as text), and a request with the same password
 * skips the crypt. Only a success is remembered, a failure always pays the crypt, and a reload builds new lists, so
 * the memo never lets through a password the hash would refuse. The memo is one volatile reference per user, replaced
 * whole.
 */
public final class Userlist {
    /** One {@code user} line. */
    public static final class User {
        private final String name;
        private final byte[] nameBytes;
        /** The hash, or null for an insecure password. */
        private final PasswordHash hash;
        private final byte[] insecure;
        private final Set<String> groups;
        /** The salted digest of the last password that verified, or null. */
        private volatile byte[] lastGood;

        User(final String name, final String password, final boolean insecure, final Set<String> groups) {
            this.name = name;
            this.nameBytes = name.getBytes(StandardCharsets.UTF_8);
            this.hash = insecure ? null : PasswordHash.of(password);
            this.insecure = insecure ? password.getBytes(StandardCharsets.UTF_8) : null;
            this.groups = Set.copyOf(groups);
        }

        public String name() {
            return name;
        }

        public Set<String> groups() {
            return groups;
        }
    }

    private static final byte[] SALT = new byte[16];
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Userlist::sha256);

    static {
        new SecureRandom().nextBytes(SALT);
    }

    private final String name;
    private final User[] users;
    private final Set<String> groups;

    /**
     * A list named {@code name}; {@code groups} are the groups it declares (each user's groups are among them, checked
     * by the caller).
     */
    public Userlist(final String name, final List<User> users, final Set<String> groups) {
        this.name = name;
        this.users = users.toArray(new User[0]);
        this.groups = Set.copyOf(groups);
    }

    /**
     * A user line's record; throws IllegalArgumentException when {@code password} is a hash baton cannot verify
     * (the message says why and what to use).
     */
    public static User user(final String name, final String password, final boolean insecure,
                            final Set<String> groups) {
        return new User(name, password, insecure, groups);
    }

    public String name() {
        return name;
    }

    /** Whether the list declares group {@code group}. */
    public boolean hasGroup(final String group) {
        return groups.contains(group);
    }

    /** {@code http_auth(L)}: the request's Basic credentials are those of a user of this list. */
    public boolean check(final MessageView view) {
        return authenticated(view) != null;
    }

    /** {@code http_auth_group(L) G...}: as {@link #check}, and the user is in one of {@code wanted}. */
    public boolean checkGroups(final MessageView view, final String[] wanted) {
        final User u = authenticated(view);
        if (u == null) {
            return false;
        }
        for (final String g : wanted) {
            if (u.groups.contains(g)) {
                return true;
            }
        }
        return false;
    }

    /** The user the request's credentials authenticate, or null. Reactor thread; allocates only on a crypt. */
    private User authenticated(final MessageView view) {
        final BasicCredentials c = BasicCredentials.forThisThread();
        if (!c.read(view)) {
            return null;
        }
        final User u = find(c.decoded, c.userLength);
        if (u == null) {
            return null;
        }
        final byte[] d = c.decoded;
        final int from = c.passwordStart;
        final int to = from + c.passwordLength;
        if (u.insecure != null) {
            return Arrays.equals(d, from, to, u.insecure, 0, u.insecure.length) ? u : null;
        }
        final MessageDigest sha = SHA256.get();
        sha.update(SALT);
        sha.update(u.nameBytes);
        sha.update(d, from, to - from);
        final byte[] digest = c.digest;
        try {
            sha.digest(digest, 0, digest.length);
        } catch (final DigestException e) {
            throw new IllegalStateException("a SHA-256 digest is 32 bytes", e);
        }
        final byte[] memo = u.lastGood;
        if (memo != null && MessageDigest.isEqual(memo, digest)) {
            return u;
        }
        if (!u.hash.matches(Arrays.copyOfRange(d, from, to))) {
            return null;
        }
        u.lastGood = digest.clone();
        return u;
    }

    private User find(final byte[] decoded, final int length) {
        for (final User u : users) {
            if (Arrays.equals(decoded, 0, length, u.nameBytes, 0, u.nameBytes.length)) {
                return u;
            }
        }
        return null;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
