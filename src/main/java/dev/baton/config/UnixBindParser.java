package dev.baton.config;

/**
 * The global {@code unix-bind [prefix P] [mode M] [user U] [uid N] [group G] [gid N]} line into
 * {@link UnixBindSettings}; a later line overrides what it sets. As HAProxy 2.6: user and group names are looked
 * up at once, a second {@code prefix} is refused, and an unknown word lists the options.
 */
final class UnixBindParser {
    static final String KW = "unix-bind";

    private UnixBindParser() {
    }

    static UnixBindSettings parse(final Directive d, final UnixBindSettings start) {
        String prefix = start.prefix();
        int mode = start.mode();
        int uid = start.uid();
        int gid = start.gid();
        for (int i = 1; i < d.size(); i += 2) {
            final String option = d.word(i);
            switch (option) {
                case "prefix":
                    if (prefix != null) {
                        throw new LineError("unix-bind 'prefix' already specified");
                    }
                    prefix = d.require(i + 1, "unix-bind prefix", "a path");
                    break;
                case "mode":
                    mode = BindOptionParser.octalMode(d.require(i + 1, "unix-bind mode", "an octal mode"),
                        "unix-bind mode");
                    break;
                case "uid":
                    uid = d.intArg(i + 1, "unix-bind uid", 0, Integer.MAX_VALUE);
                    break;
                case "gid":
                    gid = d.intArg(i + 1, "unix-bind gid", 0, Integer.MAX_VALUE);
                    break;
                case "user":
                    uid = BindOptionParser.user(d.require(i + 1, "unix-bind user", "a user name"), KW + " user");
                    break;
                case "group":
                    gid = BindOptionParser.group(d.require(i + 1, "unix-bind group", "a group name"), KW + " group");
                    break;
                default:
                    throw new LineError("'unix-bind' only supports the 'prefix', 'mode', 'uid', 'gid', 'user' and "
                        + "'group' options.");
            }
        }
        return new UnixBindSettings(prefix, mode, uid, gid);
    }
}
