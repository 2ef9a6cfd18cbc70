package dev.baton.sys;

/** Numbers read as HAProxy's C reads them where baton must read them alike. Pure functions. */
public final class CNumbers {
    private CNumbers() {
    }

    /**
     * C's {@code atoi}/{@code atol}: optional blanks and one sign, then the leading decimal digits (saturated at the
     * range of a long); 0 when there is no digit, or for null.
     */
    public static long atoi(final String text) {
        if (text == null) {
            return 0;
        }
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        long value = 0;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            value = Math.min(value * 10 + (text.charAt(i) - '0'), Long.MAX_VALUE / 10);
            i++;
        }
        return negative ? -value : value;
    }
}
