package dev.baton.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits one configuration line into words, with HAProxy's quoting rules.
 * <ul>
 *   <li>Words are separated by spaces and tabs; a {@code #} outside quotes starts a comment.</li>
 *   <li>In a bare word a backslash takes the next character literally ({@code \ }, {@code \#}, {@code \\}),
 *       except {@code \r}, {@code \n} and {@code \t}, which are CR, LF and TAB as in HAProxy (the old
 *       {@code option httpchk GET / HTTP/1.1\r\nHost:\ example.com} form relies on it).</li>
 *   <li>{@code '...'} is literal. {@code "..."} knows the escapes {@code \" \\ \n \t \r \# \$ \ } (any other
 *       backslash stays as written, as in HAProxy) and expands {@code ${VAR}}, {@code ${VAR-default}} and
 *       {@code $VAR} from the environment given; an unset variable without default expands to nothing and
 *       earns a warning.</li>
 *   <li>Quoted and bare parts glued together form one word: {@code foo"bar baz"} is {@code foobar baz}.
 *       A pair of quotes alone is an empty word.</li>
 * </ul>
 * Stateless apart from the environment; a line never spans two physical lines.
 */
final class Tokenizer {
    /**
     * The outcome for one line: its words, the warnings raised, and an error (null when none). When
     * {@code error} is set the words are incomplete and the line must be ignored.
     */
    record Line(List<String> words, List<String> warnings, String error) {
        Line {
            words = List.copyOf(words);
            warnings = List.copyOf(warnings);
        }
    }

    private final Map<String, String> env;

    Tokenizer(final Map<String, String> env) {
        this.env = env;
    }

    Line tokenize(final String line) {
        return new Scan(line).run();
    }

    /** The state of one scan; a fresh one per line keeps {@link Tokenizer} reusable. */
    private final class Scan {
        private final String text;
        private final List<String> words = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private int pos;

        Scan(final String text) {
            this.text = text;
        }

        Line run() {
            try {
                StringBuilder word = null;
                while (pos < text.length()) {
                    final char c = text.charAt(pos);
                    if (c == ' ' || c == '\t') {
                        if (word != null) {
                            words.add(word.toString());
                            word = null;
                        }
                        pos++;
                        continue;
                    }
                    if (c == '#') {
                        break;
                    }
                    if (word == null) {
                        word = new StringBuilder();
                    }
                    appendPart(word, c);
                }
                if (word != null) {
                    words.add(word.toString());
                }
                return new Line(words, warnings, null);
            } catch (final LineError e) {
                return new Line(words, warnings, e.getMessage());
            }
        }

        /** Appends the part of a word that starts at {@code pos} with {@code c}, and moves past it. */
        private void appendPart(final StringBuilder word, final char c) {
            if (c == '\\') {
                if (pos + 1 >= text.length()) {
                    throw new LineError("backslash at end of line");
                }
                final char next = text.charAt(pos + 1);
                if ("rnt \\#'\"".indexOf(next) >= 0) {
                    word.append(next == 'r' ? '\r' : next == 'n' ? '\n' : next == 't' ? '\t' : next);
                    pos += 2;
                } else {
                    // HAProxy keeps a backslash that escapes nothing (such as in a regex's "\.")
                    word.append('\\');
                    pos++;
                }
            } else if (c == '\'') {
                final int end = text.indexOf('\'', pos + 1);
                if (end < 0) {
                    throw new LineError("unterminated single quote");
                }
                word.append(text, pos + 1, end);
                pos = end + 1;
            } else if (c == '"') {
                pos++;
                appendDoubleQuoted(word);
            } else {
                word.append(c);
                pos++;
            }
        }

        private void appendDoubleQuoted(final StringBuilder word) {
            while (pos < text.length()) {
                final char c = text.charAt(pos);
                if (c == '"') {
                    pos++;
                    return;
                }
                if (c == '\\' && pos + 1 < text.length()) {
                    appendEscape(word, text.charAt(pos + 1));
                    pos += 2;
                } else if (c == '$') {
                    appendVariable(word);
                } else {
                    word.append(c);
                    pos++;
                }
            }
            throw new LineError("unterminated double quote");
        }

        private void appendEscape(final StringBuilder word, final char c) {
            switch (c) {
                case 'n':
                    word.append('\n');
                    break;
                case 't':
                    word.append('\t');
                    break;
                case 'r':
                    word.append('\r');
                    break;
                case '"':
                case '\\':
                case '#':
                case '$':
                case ' ':
                    word.append(c);
                    break;
                default:
                    word.append('\\').append(c);
                    break;
            }
        }

        /** Expands the variable reference at {@code pos} (on a {@code $}); a lone {@code $} stays literal. */
        private void appendVariable(final StringBuilder word) {
            final int start = pos + 1;
            if (start < text.length() && text.charAt(start) == '{') {
                final int close = text.indexOf('}', start + 1);
                if (close < 0) {
                    throw new LineError("unterminated '${' in environment variable reference");
                }
                final String body = text.substring(start + 1, close);
                final int dash = body.indexOf('-');
                final String name = dash < 0 ? body : body.substring(0, dash);
                if (!isName(name)) {
                    throw new LineError("invalid environment variable name '" + Messages.echo(name) + "'");
                }
                word.append(lookup(name, dash < 0 ? null : body.substring(dash + 1)));
                pos = close + 1;
                return;
            }
            int end = start;
            while (end < text.length() && isNameChar(text.charAt(end))) {
                end++;
            }
            if (end == start) {
                word.append('$');
                pos++;
                return;
            }
            word.append(lookup(text.substring(start, end), null));
            pos = end;
        }

        private String lookup(final String name, final String fallback) {
            final String value = env.get(name);
            if (value != null) {
                return value;
            }
            if (fallback != null) {
                return fallback;
            }
            warnings.add("environment variable '" + name + "' is not set; using an empty string");
            return "";
        }
    }

    private static boolean isName(final String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isNameChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A character of an environment variable name: ASCII letters, digits, underscore (HAProxy's isalnum or {@code _}). */
    static boolean isNameChar(final char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
