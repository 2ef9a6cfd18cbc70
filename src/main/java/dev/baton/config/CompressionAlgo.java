package dev.baton.config;

/**
 * The algorithms of {@code compression algo}, as HAProxy 2.6 names them ({@code cfgName}) and as they appear in
 * Accept-Encoding and Content-Encoding ({@code token}): raw-deflate answers to and is announced as {@code deflate}.
 */
public enum CompressionAlgo {
    /** Data unchanged: the response is still re-framed (chunked, Vary, weak ETag), with no Content-Encoding. */
    IDENTITY("identity", "identity"),
    /** RFC 1950 (zlib header and Adler-32 trailer around deflate data). */
    DEFLATE("deflate", "deflate"),
    /** RFC 1951 (deflate data alone), announced as {@code deflate}. */
    RAW_DEFLATE("raw-deflate", "deflate"),
    /** RFC 1952 (gzip header and CRC-32/size trailer around deflate data). */
    GZIP("gzip", "gzip");

    private final String cfgName;
    private final String token;

    CompressionAlgo(final String cfgName, final String token) {
        this.cfgName = cfgName;
        this.token = token;
    }

    /** The name in {@code compression algo} (and {@code res.comp_algo}). */
    public String cfgName() {
        return cfgName;
    }

    /** The content-coding token matched in Accept-Encoding and written in Content-Encoding. */
    public String token() {
        return token;
    }

    /** The algorithm named {@code name} in the configuration, or null. */
    public static CompressionAlgo byConfigName(final String name) {
        for (final CompressionAlgo a : values()) {
            if (a.cfgName.equals(name)) {
                return a;
            }
        }
        return null;
    }
}
