package dev.baton.http.auth;

import dev.baton.http.rules.MessageView;

import java.util.List;

/**
 * The ACL criteria {@code http_auth(L)} (no groups) and {@code http_auth_group(L) G...}: a small self-contained test
 * an {@code AclTerm} delegates to. Immutable once its reference is resolved; reactor threads call {@link #test}.
 */
public final class AuthCheck {
    private final UserlistRef userlist;
    /** The groups of {@code http_auth_group}, or null for {@code http_auth}. */
    private final String[] groups;

    public AuthCheck(final UserlistRef userlist, final List<String> groups) {
        this.userlist = userlist;
        this.groups = groups == null ? null : groups.toArray(new String[0]);
    }

    public UserlistRef userlist() {
        return userlist;
    }

    /** The groups of {@code http_auth_group}, empty for {@code http_auth}. */
    public List<String> groups() {
        return groups == null ? List.of() : List.of(groups);
    }

    /** Whether the request's Basic credentials pass (and name a user of one of the groups). */
    public boolean test(final MessageView view) {
        final Userlist list = userlist.list();
        if (list == null) {
            return false;
        }
        return groups == null ? list.check(view) : list.checkGroups(view, groups);
    }
}
