package dev.baton.config;

/**
 * The parameters of a backend's {@code balance} algorithm beyond its name ({@link BalanceAlgorithm}), and of
 * {@code hash-type} and {@code hash-balance-factor}, as HAProxy 2.6 keeps them in its {@code lbprm}.
 *
 * <p>Hashing: {@code consistent} ({@code hash-type consistent}: a ring of points per server; else HAProxy's
 * default map-based table), {@code function} (sdbm by default), {@code avalanche} (the key's hash goes through
 * HAProxy's full_hash before lookup: implied by {@code hash-type consistent} without a function),
 * {@code balanceFactor} ({@code hash-balance-factor}: 0, or above 100; consistent hashing only).
 *
 * <p>Key: {@code uriWhole}, {@code uriPathOnly}, {@code uriLen} (0: no limit), {@code uriDepth} (0: no limit) of
 * {@code balance uri}; {@code name}: the parameter of {@code url_param} or the header of {@code hdr(NAME)} (null
 * otherwise); {@code useDomainOnly} of {@code hdr}; {@code draws}: the N of {@code random(N)} (2 by default);
 * {@code hashExpr}: the sample expression of {@code balance hash EXPR} (null otherwise).
 */
public record BalanceParams(boolean consistent, HashFunction function, boolean avalanche, int balanceFactor,
                            boolean uriWhole, boolean uriPathOnly, int uriLen, int uriDepth, String name,
                            boolean useDomainOnly, int draws, dev.baton.sample.SampleExpr hashExpr) {
    /** HAProxy's defaults: map-based sdbm without avalanche, no key options, two draws. */
    public static final BalanceParams DEFAULT = new BalanceParams(false, HashFunction.SDBM, false, 0, false, false, 0,
        0, null, false, 2, null);

    /** These parameters with the expression of {@code balance hash EXPR}. */
    public BalanceParams withHashExpr(final dev.baton.sample.SampleExpr expr) {
        return new BalanceParams(consistent, function, avalanche, balanceFactor, uriWhole, uriPathOnly, uriLen,
            uriDepth, name, useDomainOnly, draws, expr);
    }

    /** These parameters with the key options of a new {@code balance} line (the hashing settings are kept). */
    public BalanceParams withKey(final boolean whole, final boolean pathOnly, final int len, final int depth,
                                 final String keyName, final boolean domainOnly, final int drawCount) {
        return new BalanceParams(consistent, function, avalanche, balanceFactor, whole, pathOnly, len, depth, keyName,
            domainOnly, drawCount, null);
    }

    /** These parameters with the settings of a {@code hash-type} line. */
    public BalanceParams withHashType(final boolean isConsistent, final HashFunction f, final boolean aval) {
        return new BalanceParams(isConsistent, f, aval, balanceFactor, uriWhole, uriPathOnly, uriLen, uriDepth, name,
            useDomainOnly, draws, hashExpr);
    }

    /** These parameters with {@code hash-balance-factor factor}. */
    public BalanceParams withBalanceFactor(final int factor) {
        return new BalanceParams(consistent, function, avalanche, factor, uriWhole, uriPathOnly, uriLen, uriDepth,
            name, useDomainOnly, draws, hashExpr);
    }

    /**
     * Whether {@code algorithm} with these parameters is one of HAProxy's static algorithms (no BE_LB_PROP_DYN):
     * {@code static-rr} and the map-based hashes. Their servers take only the weights 0 and their configured one
     * at run time, and {@code slowstart} does not ramp them. Consistent hashing and the others are dynamic.
     */
    public boolean isStatic(final BalanceAlgorithm algorithm) {
        return algorithm == BalanceAlgorithm.STATIC_RR || (algorithm.hashes() && !consistent);
    }
}
