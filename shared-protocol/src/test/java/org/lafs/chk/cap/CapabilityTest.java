package org.lafs.chk.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.lafs.chk.Chk;
import org.lafs.chk.EncodingParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Strict cap parsing (chk-format.md sections 1.4, 3, 10) and redaction. */
class CapabilityTest {
    private static final String CAP =
            "URI:CHK:yzxcoagbetwet65ltjpbqyli3m:6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7a:1:1:56";
    private static final String VCAP =
            "URI:CHK-Verifier:i5nhq74zw2crkop634ra4hrvzm:6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7a:1:1:56";

    @Test
    void roundTripsAndDerivesTheVerifier() {
        ChkCap cap = (ChkCap) Capability.parse(CAP);
        assertEquals(CAP, cap.uri());
        assertEquals(VCAP, cap.verifier().uri());
        assertEquals(cap.verifier(), Capability.parse(VCAP));
        assertEquals(VCAP, Capability.parse(VCAP).uri());
        assertEquals(1, cap.k());
        assertEquals(56, cap.size());
    }

    @Test
    void toStringNeverShowsTheKeyOrContent() {
        Capability cap = Capability.parse(CAP);
        assertFalse(cap.toString().contains("yzxcoagbetwet65ltjpbqyli3m"), cap.toString());
        assertFalse(cap.toString().contains("6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7a"));
        LitCap lit = new LitCap("secret".getBytes(StandardCharsets.US_ASCII));
        assertFalse(lit.toString().contains(lit.uri().substring(8)), lit.toString());
        assertFalse(Capability.parse(VCAP).toString().contains("6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7a"));
    }

    @Test
    void lit() {
        assertEquals("URI:LIT:", new LitCap(new byte[0]).uri());
        assertEquals(0, ((LitCap) Capability.parse("URI:LIT:")).data().length);
        byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
        LitCap c = new LitCap(data);
        assertEquals(c, Capability.parse(c.uri()));
        assertThrows(IllegalArgumentException.class, () -> new LitCap(new byte[56]));
        assertInstanceOf(LitCap.class, Chk.capabilityOf(new byte[55], new byte[16], EncodingParameters.DEFAULTS));
        assertInstanceOf(ChkCap.class, Chk.capabilityOf(new byte[56], new byte[16], EncodingParameters.DEFAULTS));
        assertEquals(new LitCap(new byte[55]).uri(), Chk.capabilityOf(new byte[55], new byte[16],
                EncodingParameters.DEFAULTS).uri());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "URI:CHK:yzxcoagbetwet65ltjpbqyli3m:6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7a:1:1|CHK cap must have 5 fields after the prefix, got 4",
        "URI:CHK:yzxcoagbetwet65ltjpbqyli3:6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7a:1:1:56|CHK cap key must be 26 base32 characters, got 25",
        "URI:CHK:yzxcoagbetwet65ltjpbqyli3n:6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7a:1:1:56|CHK cap key: base32 text has non-zero padding bits",
        "URI:CHK:yzxcoagbetwet65ltjpbqyli3m:6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7b:1:1:56|CHK cap UEB hash: base32 text has non-zero padding bits",
        "URI:CHK:YZXCOAGBETWET65LTJPBQYLI3M:6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7a:1:1:56|CHK cap key: invalid base32 character at position 0",
        "URI:CHK:yzxcoagbetwet65ltjpbqyli3m:6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7a:01:1:56|CHK cap k has a leading zero",
        "URI:CHK:yzxcoagbetwet65ltjpbqyli3m:6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7a:3:2:56|needed shares k=3 must be in 1..n (n=2)",
        "URI:CHK:yzxcoagbetwet65ltjpbqyli3m:6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7a:1:257:56|CHK cap n exceeds 256",
        "URI:CHK:yzxcoagbetwet65ltjpbqyli3m:6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7a:0:1:56|needed shares k=0 must be in 1..n (n=1)",
        "URI:CHK:yzxcoagbetwet65ltjpbqyli3m:6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7a:1:1:+56|CHK cap size is not a decimal number",
        "URI:CHK:yzxcoagbetwet65ltjpbqyli3m:6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7a:1:1:0|CHK file size must be >= 1, got 0",
        "URI:CHK:yzxcoagbetwet65ltjpbqyli3m:6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7a:1:1:99999999999999999999|CHK cap size must be 1..19 decimal digits",
        "URI:CHK:yzxcoagbetwet65ltjpbqyli3m:6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7a:1:1:9999999999999999999|CHK cap size exceeds 9223372036854775807",
        "'URI:CHK:yzxcoagbetwet65ltjpbqyli3m:6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7a:1:1:56 '|CHK cap size is not a decimal number",
        "URI:SSK:abc|not an immutable-file capability (expected URI:CHK:, URI:CHK-Verifier: or URI:LIT:)",
        "URI:LIT:nbswy3dp1|LIT cap: base32 text of 9 characters is not a whole number of bytes",
        "URI:LIT:nbswy3d1|LIT cap: invalid base32 character at position 7",
        "URI:LIT:nbur|LIT cap: base32 text has non-zero padding bits",
    })
    void rejectsPrecisely(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Capability.parse(text));
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("yzxcoagbetwet65ltjpbqyli3"), "error messages do not echo keys");
    }

    @Test
    void rejectsOverlongInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Capability.parse("URI:LIT:" + "a".repeat(300)));
        assertTrue(e.getMessage().contains("longer than"));
        assertThrows(IllegalArgumentException.class, () -> Capability.parse("URI:LIT:" + "a".repeat(90)));
        assertThrows(IllegalArgumentException.class, () -> Capability.parse(null));
    }
}
