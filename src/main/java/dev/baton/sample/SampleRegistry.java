package dev.baton.sample;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Every sample fetch and converter baton knows, by HAProxy name: for a fetch its argument count, output type and
 * where it is usable ({@link Uses}); for a converter its argument count and input and output types; for each a
 * factory that binds the arguments once at load into an allocation-free {@link Fetch} or {@link Converter}.
 *
 * <p>Registering one more is one call, made from a {@code register(SampleRegistry)} method of the catalog class of
 * its area (see {@code dev.baton.sample.fetch} and {@code dev.baton.sample.conv}), listed in {@link #standard()}:
 * <pre>{@code
 * r.fetch("ssl_c_used", SampleType.BOOL, Uses.L4, 0, 0, a -> (ctx, out) -> out.setBool(...) != null);
 * r.converter("lower", SampleType.STR, SampleType.STR, 0, 0, a -> StringConverters::lower);
 * }</pre>
 * Filled once at class initialisation, then read-only and shared.
 */
public final class SampleRegistry {
    /** A fetch: {@code minArgs..maxArgs} arguments, its output type, where it is usable, its factory. */
    public record FetchDef(String name, SampleType out, int uses, int minArgs, int maxArgs,
                           Function<Args, Fetch> factory) {
    }

    /** A converter: argument count, input and output types, factory. */
    public record ConverterDef(String name, SampleType in, SampleType out, int minArgs, int maxArgs,
                               Function<Args, Converter> factory) {
    }

    private static final SampleRegistry STANDARD = new SampleRegistry();

    static {
        dev.baton.sample.fetch.ConnectionFetches.register(STANDARD);
        dev.baton.sample.fetch.InternalFetches.register(STANDARD);
        dev.baton.sample.fetch.RequestFetches.register(STANDARD);
        dev.baton.sample.fetch.ResponseFetches.register(STANDARD);
        dev.baton.sample.fetch.EndOfStreamFetches.register(STANDARD);
        dev.baton.sample.fetch.TlsCertFetches.register(STANDARD);
        dev.baton.sample.fetch.PayloadFetches.register(STANDARD);
        dev.baton.sample.fetch.UrlAddress.register(STANDARD);
        dev.baton.sample.fetch.AclFetch.register(STANDARD);
        dev.baton.sample.fetch.BodyFetches.register(STANDARD);
        dev.baton.sample.conv.StringConverters.register(STANDARD);
        dev.baton.sample.conv.ArithmeticConverters.register(STANDARD);
        dev.baton.sample.conv.EncodingConverters.register(STANDARD);
        dev.baton.sample.conv.DebugConverter.register(STANDARD);
        dev.baton.sample.conv.HashConverters.register(STANDARD);
        dev.baton.sample.conv.MapConverters.register(STANDARD);
        dev.baton.sample.vars.VarSamples.register(STANDARD);
        dev.baton.stick.StickSamples.register(STANDARD);
    }

    private final Map<String, FetchDef> fetches = new TreeMap<>();
    private final Map<String, ConverterDef> converters = new TreeMap<>();

    /** The registry every configuration uses. */
    public static SampleRegistry standard() {
        return STANDARD;
    }

    /** Registers fetch {@code name} (and nothing else under that name). */
    public void fetch(final String name, final SampleType out, final int uses, final int minArgs, final int maxArgs,
                      final Function<Args, Fetch> factory) {
        if (fetches.put(name, new FetchDef(name, out, uses, minArgs, maxArgs, factory)) != null) {
            throw new IllegalStateException("fetch " + name + " registered twice");
        }
    }

    /** Registers {@code alias} as another name of fetch {@code name} (such as {@code req.hdr} for {@code hdr}). */
    public void alias(final String alias, final String name) {
        alias(alias, name, fetches.get(name).uses());
    }

    /** {@link #alias(String, String)} usable where {@code uses} says (HAProxy's {@code hdr}: either head). */
    public void alias(final String alias, final String name, final int uses) {
        final FetchDef d = fetches.get(name);
        fetches.put(alias, new FetchDef(alias, d.out(), uses, d.minArgs(), d.maxArgs(), d.factory()));
    }

    /** Registers converter {@code name}. */
    public void converter(final String name, final SampleType in, final SampleType out, final int minArgs,
                          final int maxArgs, final Function<Args, Converter> factory) {
        if (converters.put(name, new ConverterDef(name, in, out, minArgs, maxArgs, factory)) != null) {
            throw new IllegalStateException("converter " + name + " registered twice");
        }
    }

    public FetchDef fetch(final String name) {
        return fetches.get(name);
    }

    public ConverterDef converter(final String name) {
        return converters.get(name);
    }

    /** Every fetch name, sorted. */
    public Map<String, FetchDef> fetches() {
        return Collections.unmodifiableMap(fetches);
    }

    /** Every converter name, sorted. */
    public Map<String, ConverterDef> converters() {
        return Collections.unmodifiableMap(converters);
    }
}
