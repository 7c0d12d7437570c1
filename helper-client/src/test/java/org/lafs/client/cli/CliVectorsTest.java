package org.lafs.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.lafs.chk.ChkVectors;
import org.lafs.chk.CtrCipher;
import org.lafs.chk.cap.Capability;
import org.lafs.chk.cap.ChkCap;
import org.lafs.chk.share.ChkDecoder;
import org.lafs.chk.share.ShareSource;
import org.lafs.chk.share.ShareVerifier;
import org.lafs.chk.share.VerifiedShare;
import org.lafs.format.Base32;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every CHK vector through the CLI: {@code cap} prints it, {@code encode} writes verifiable shares. */
class CliVectorsTest {
    @TempDir
    Path tmp;

    static List<ChkVectors.Vector> vectors() {
        return ChkVectors.load();
    }

    private String[] args(String command, ChkVectors.Vector v, Path file, Path secret, String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of(command, file.toString(),
                "--needed", Integer.toString(v.k()), "--total", Integer.toString(v.n()),
                "--segment-size", Integer.toString(v.maxSegmentSize()), "--convergence=" + secret));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void capAndEncode(ChkVectors.Vector v) throws Exception {
        Path file = tmp.resolve("plain");
        Files.write(file, v.plaintext());
        Path secret = tmp.resolve("convergence");
        Files.writeString(secret, Base32.encode(v.secret()) + "\n", StandardCharsets.US_ASCII);

        CliRunner cap = CliRunner.run(Map.of(), args("cap", v, file, secret));
        assertEquals("", cap.err());
        assertEquals(0, cap.exit());
        assertEquals(v.expectedCap() + "\n", cap.out());

        Path out = tmp.resolve("shares");
        CliRunner enc = CliRunner.run(Map.of(), args("encode", v, file, secret, "--out", out.toString()));
        assertEquals("", enc.err());
        assertEquals(0, enc.exit());
        assertEquals(v.expectedCap() + "\n", enc.out());

        ChkCap c = (ChkCap) Capability.parse(v.expectedCap());
        try (var listing = Files.list(out)) {
            assertEquals(v.n(), listing.count());
        }
        ShareSource[] sources = new ShareSource[c.k()];
        VerifiedShare[] verified = new VerifiedShare[c.k()];
        for (int i = 0; i < c.n(); i++) {
            ShareSource s = ShareSource.of(Files.readAllBytes(out.resolve(Integer.toString(i))));
            VerifiedShare vs = ShareVerifier.verify(s, i, c.uebHash());
            int slot = c.n() - 1 - i; // decode from the last k shares (parity when k < n)
            if (slot < c.k()) {
                sources[slot] = s;
                verified[slot] = vs;
            }
        }
        ByteArrayOutputStream ct = new ByteArrayOutputStream();
        ChkDecoder.decode(sources, verified, ct);
        byte[] plain = ct.toByteArray();
        CtrCipher.at(c.key(), 0).apply(plain, 0, plain.length);
        assertArrayEquals(v.plaintext(), plain);
    }
}
