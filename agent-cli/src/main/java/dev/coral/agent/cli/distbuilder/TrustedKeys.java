package dev.coral.agent.cli.distbuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * The OpenPGP public keys a manifest trusts ({@code trusted-keys}), and the check of a detached
 * {@code .asc} signature against them, as Maven Central's signing rules make publishers sign.
 */
final class TrustedKeys {
    private final List<PGPPublicKeyRingCollection> rings;
    private final List<Path> files;

    private TrustedKeys(List<PGPPublicKeyRingCollection> rings, List<Path> files) {
        this.rings = rings;
        this.files = files;
    }

    static TrustedKeys none() {
        return new TrustedKeys(List.of(), List.of());
    }

    /** Reads armored or binary public key files (as {@code gpg --export [--armor]} writes them). */
    static TrustedKeys load(List<Path> files) throws IOException {
        List<PGPPublicKeyRingCollection> rings = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
                PGPPublicKeyRingCollection collection = new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
                if (collection.size() == 0) {
                    throw new IOException("trusted-keys: " + file + " holds no OpenPGP public key");
                }
                rings.add(collection);
            } catch (PGPException | RuntimeException e) {
                throw new IOException("trusted-keys: " + file + " is not an OpenPGP public key file: " + e.getMessage(), e);
            }
        }
        return new TrustedKeys(rings, List.copyOf(files));
    }

    boolean isEmpty() {
        return rings.isEmpty();
    }

    /**
     * @param what the coordinates, for messages
     * @param signature the {@code .asc} content, from {@code signatureUri}
     * @return who signed, for the log
     * @throws IOException unless a trusted, unrevoked key made a valid binary signature of {@code file}
     */
    String verify(String what, Path file, byte[] signature, URI signatureUri) throws IOException {
        List<String> signers = new ArrayList<>();
        for (PGPSignature sig : signatures(what, signature, signatureUri)) {
            String keyId = String.format("%016X", sig.getKeyID());
            PGPPublicKey key = find(sig.getKeyID());
            if (key == null) {
                signers.add("key " + keyId + " (not trusted)");
                continue;
            }
            if (key.hasRevocation()) {
                signers.add("key " + keyId + " (revoked)");
                continue;
            }
            if (sig.getSignatureType() != PGPSignature.BINARY_DOCUMENT) {
                signers.add("key " + keyId + " (not a file signature)");
                continue;
            }
            if (matches(sig, key, file)) {
                return "signed by " + HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
            }
            signers.add("key " + keyId + " (signature does not match the file)");
        }
        throw new IOException(what + ": " + signatureUri + " is no valid signature of the download by a trusted key: "
                + (signers.isEmpty() ? "it holds no signature" : String.join(", ", signers)) + "; trusted-keys: " + files);
    }

    private static List<PGPSignature> signatures(String what, byte[] signature, URI uri) throws IOException {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(signature))) {
            Object next = new BcPGPObjectFactory(in).nextObject();
            if (next instanceof PGPCompressedData compressed) {
                next = new BcPGPObjectFactory(compressed.getDataStream()).nextObject();
            }
            if (!(next instanceof PGPSignatureList list)) {
                throw new IOException(what + ": " + uri + " is not an OpenPGP signature");
            }
            List<PGPSignature> out = new ArrayList<>();
            list.forEach(out::add);
            return out;
        } catch (PGPException | RuntimeException e) {
            throw new IOException(what + ": " + uri + " is not an OpenPGP signature: " + e.getMessage(), e);
        }
    }

    private PGPPublicKey find(long keyId) {
        for (PGPPublicKeyRingCollection collection : rings) {
            PGPPublicKey key = collection.getPublicKey(keyId);
            if (key != null) {
                return key;
            }
        }
        return null;
    }

    private static boolean matches(PGPSignature sig, PGPPublicKey key, Path file) throws IOException {
        try {
            sig.init(new BcPGPContentVerifierBuilderProvider(), key);
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sig.update(buffer, 0, n);
                }
            }
            return sig.verify();
        } catch (PGPException e) {
            return false;
        }
    }
}
