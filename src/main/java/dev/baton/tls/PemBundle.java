package dev.baton.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One certificate as HAProxy loads it from a {@code crt} file: the PEM holds the leaf certificate first, then its
 * chain, and the private key, in any order; a key missing from the file is looked for in {@code FILE.key} (HAProxy's
 * {@code ssl-load-extra-files} default). Keys may be PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY})
 * or SEC1 ({@code EC PRIVATE KEY}); encrypted keys are refused (HAProxy would ask for a pass phrase on a terminal).
 * Other blocks (DH or EC parameters, OCSP) are skipped. Loaded at start-up, off the reactors.
 */
public record PemBundle(Path file, PrivateKey key, List<X509Certificate> chain) {
    private static final byte[] INT_ZERO = {0x02, 0x01, 0x00};
    /** 1.2.840.113549.1.1.1 rsaEncryption, followed by NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D,
        0x01, 0x01, 0x01, 0x05, 0x00};
    /** 1.2.840.10045.2.1 ecPublicKey. */
    private static final byte[] EC_ALGORITHM = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};

    /** Loads {@code file}; the message of the exception says what is wrong with it, HAProxy-style. */
    public static PemBundle load(final Path file) throws IOException {
        final List<X509Certificate> chain = new ArrayList<>();
        PrivateKey key = read(file, chain, true);
        if (chain.isEmpty()) {
            throw new IOException("unable to load SSL certificate from PEM file '" + file + "': no certificate found");
        }
        if (key == null) {
            final Path side = file.resolveSibling(file.getFileName() + ".key");
            if (Files.isRegularFile(side)) {
                key = read(side, new ArrayList<>(), false);
            }
            if (key == null) {
                throw new IOException("unable to load SSL private key from PEM file '" + file + "' (nor from '"
                    + side.getFileName() + "')");
            }
        }
        checkPair(file, key, chain.get(0));
        return new PemBundle(file, key, List.copyOf(chain));
    }

    /**
     * Refuses a key that does not belong to the certificate, as HAProxy does at load ("inconsistencies between
     * private key and certificate"): the engine would only find out at the first handshake. A signature made with
     * the key must verify with the certificate's public key.
     */
    private static void checkPair(final Path file, final PrivateKey key, final X509Certificate cert)
        throws IOException {
        final String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA"
            : key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : key.getAlgorithm();
        final boolean ok;
        try {
            final byte[] probe = file.toString().getBytes(StandardCharsets.UTF_8);
            final Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            final byte[] signature = signer.sign();
            final Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            ok = verifier.verify(signature);
        } catch (final GeneralSecurityException e) {
            throw new IOException("inconsistencies between private key and certificate loaded from PEM file '"
                + file + "': " + e.getMessage(), e);
        }
        if (!ok) {
            throw new IOException("inconsistencies between private key and certificate loaded from PEM file '"
                + file + "'");
        }
    }

    /** Reads the blocks of {@code file}: certificates go to {@code chain}; the key, if any, is returned. */
    private static PrivateKey read(final Path file, final List<X509Certificate> chain, final boolean certs)
        throws IOException {
        final String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        PrivateKey key = null;
        int at = 0;
        while (true) {
            final int begin = text.indexOf("-----BEGIN ", at);
            if (begin < 0) {
                return key;
            }
            final int labelEnd = text.indexOf("-----", begin + 11);
            if (labelEnd < 0) {
                throw new IOException("'" + file + "': unterminated PEM header");
            }
            final String label = text.substring(begin + 11, labelEnd);
            final String endMarker = "-----END " + label + "-----";
            final int end = text.indexOf(endMarker, labelEnd);
            if (end < 0) {
                throw new IOException("'" + file + "': PEM block '" + label + "' has no END line");
            }
            final String body = text.substring(labelEnd + 5, end);
            at = end + endMarker.length();
            if (label.equals("CERTIFICATE") || label.equals("TRUSTED CERTIFICATE")) {
                if (certs) {
                    chain.add(certificate(file, body));
                }
            } else if (label.endsWith("PRIVATE KEY")) {
                if (key != null) {
                    throw new IOException("'" + file + "' holds more than one private key");
                }
                key = privateKey(file, label, body);
            }
        }
    }

    private static X509Certificate certificate(final Path file, final String body) throws IOException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(decode(file, body)));
        } catch (final GeneralSecurityException e) {
            throw new IOException("unable to load SSL certificate from PEM file '" + file + "': " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(final Path file, final String label, final String body) throws IOException {
        if (label.startsWith("ENCRYPTED") || body.contains("Proc-Type:")) {
            throw new IOException("'" + file + "': encrypted private keys are not supported (baton cannot ask for a "
                + "pass phrase); store the key unencrypted, readable by root only");
        }
        final byte[] der = decode(file, body);
        try {
            switch (label) {
                case "RSA PRIVATE KEY":
                    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                        tlv(0x30, INT_ZERO, tlv(0x30, RSA_ALGORITHM), tlv(0x04, der))));
                case "EC PRIVATE KEY":
                    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                        tlv(0x30, INT_ZERO, tlv(0x30, EC_ALGORITHM, curveOf(file, der)), tlv(0x04, der))));
                case "PRIVATE KEY":
                    return pkcs8(file, der);
                default:
                    throw new IOException("'" + file + "': unsupported key type '" + label + "'");
            }
        } catch (final GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("unable to load SSL private key from PEM file '" + file + "': " + e.getMessage(), e);
        }
    }

    private static PrivateKey pkcs8(final Path file, final byte[] der) throws IOException {
        for (final String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (final GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IOException("unable to load SSL private key from PEM file '" + file + "': not an RSA, EC or "
            + "Ed25519 key");
    }

    /** The named-curve OID (as a whole DER element) in the {@code [0]} parameters of a SEC1 EC key. */
    private static byte[] curveOf(final Path file, final byte[] sec1) throws IOException {
        int p = headerLength(sec1, 0);
        while (p < sec1.length) {
            final int tag = sec1[p] & 0xFF;
            final int header = headerLength(sec1, p);
            final int len = contentLength(sec1, p);
            if (tag == 0xA0) {
                final byte[] oid = new byte[len];
                System.arraycopy(sec1, p + header, oid, 0, len);
                return oid;
            }
            p += header + len;
        }
        throw new IOException("'" + file + "': the EC key names no curve");
    }

    /** The bytes of a DER element's tag and length. */
    private static int headerLength(final byte[] der, final int at) {
        final int first = der[at + 1] & 0xFF;
        return first < 0x80 ? 2 : 2 + (first & 0x7F);
    }

    private static int contentLength(final byte[] der, final int at) {
        final int first = der[at + 1] & 0xFF;
        if (first < 0x80) {
            return first;
        }
        int len = 0;
        for (int i = 0; i < (first & 0x7F); i++) {
            len = len << 8 | (der[at + 2 + i] & 0xFF);
        }
        return len;
    }

    /** One DER element: {@code tag}, the length, then the parts. */
    private static byte[] tlv(final int tag, final byte[]... parts) {
        final ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (final byte[] p : parts) {
            content.writeBytes(p);
        }
        final int len = content.size();
        final ByteArrayOutputStream out = new ByteArrayOutputStream(len + 6);
        out.write(tag);
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    private static byte[] decode(final Path file, final String body) throws IOException {
        try {
            return Base64.getMimeDecoder().decode(body.trim());
        } catch (final IllegalArgumentException e) {
            throw new IOException("'" + file + "': bad base64 in a PEM block", e);
        }
    }
}
