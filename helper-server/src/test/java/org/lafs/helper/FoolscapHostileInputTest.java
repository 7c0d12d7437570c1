package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lafs.helper.foolscap.banana.Decoder;
import org.lafs.helper.foolscap.banana.Encoder;
import org.lafs.helper.foolscap.banana.Value;
import org.lafs.helper.foolscap.pb.PbMessage;
import org.lafs.helper.upload.Upload;

/**
 * Hostile and broken peers against the Foolscap listener, with a client that can stop or lie at
 * any phase: each gets foolscap's refusal, a PB error or a closed connection, and afterwards no
 * connection, job or file handle is left and the helper serves the next client. Real TLS, real
 * RocksDB, real files; the helper ingests only (no grid), which is all these paths need.
 */
class FoolscapHostileInputTest extends FoolscapListenerFixture {
    static final String READER = "RIEncryptedUploadable.tahoe.allmydata.com";

    @Override
    void configure(Map<String, String> c) {
        c.put("foolscap.read-size", "64KiB");
        c.put("foolscap.conflict-wait", "1s");
        c.put("foolscap.limits.connections-per-address", "8");
    }

    @Override
    void checkBeforeStop() throws Exception {
        TestHelpers.waitFor("jobs ended", () -> helper.foolscap().uploads().jobCount() == 0);
        // the helper still serves a well-behaved client
        try (RawFoolscapClient c = RawFoolscapClient.ready(port, dir.resolve("after"), tubId, swissnum)) {
            assertInstanceOf(PbMessage.Answer.class, bootstrap(c));
        }
        TestHelpers.waitFor("connections closed", () -> helper.foolscap().connectionCount() == 0);
    }

    private PbMessage bootstrap(RawFoolscapClient c) throws Exception {
        c.call(0, "getReferenceByName", RawFoolscapClient.kwargs(Map.of("name", Value.Bytes.ascii(swissnum))));
        return c.next();
    }

    private RawFoolscapClient ready(String who) throws Exception {
        RawFoolscapClient c = RawFoolscapClient.ready(port, dir.resolve(who), tubId, swissnum);
        PbMessage m = bootstrap(c);
        assertEquals(new Value.MyRef(1, "RIHelper.tahoe.allmydata.com", null), ((PbMessage.Answer) m).result());
        return c;
    }

    // ------------------------------------------------------------------ plaintext and TLS

    @Test
    void requestForAnotherTubIsRefusedInPlaintext() throws Exception {
        try (RawFoolscapClient c = RawFoolscapClient.connect(port, null)) {
            c.send("GET /id/" + "a".repeat(32) + " HTTP/1.1\r\nHost: x\r\nUpgrade: TLS/1.0\r\nConnection: Upgrade\r\n\r\n");
            assertEquals("HTTP/1.1 500 Internal Server Error: unknown TubID " + "a".repeat(32) + "\r\n\r\n", c.readHeader());
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    void oversizedOrTrailingPlaintextIsRefused() throws Exception {
        try (RawFoolscapClient c = RawFoolscapClient.connect(port, null)) {
            c.send("x".repeat(5000));
            assertTrue(c.readHeader().startsWith("HTTP/1.1 500 Internal Server Error: Header too long"));
            assertTrue(c.closedByPeer());
        }
        try (RawFoolscapClient c = RawFoolscapClient.connect(port, null)) {
            c.send("GET /id/" + tubId + " HTTP/1.1\r\nUpgrade: TLS/1.0\r\n\r\n\u0016\u0003\u0001");
            assertTrue(c.readHeader().startsWith("HTTP/1.1 500 "));
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    void tlsWithoutClientCertificateIsRefused() throws Exception {
        try (RawFoolscapClient c = RawFoolscapClient.connect(port, null)) {
            assertThrows(IOException.class, () -> {
                c.upgrade(tubId);
                c.negotiate("b".repeat(32)); // with TLS 1.3 the refusal can arrive after the handshake
            });
        }
    }

    @Test
    void helloClaimingAnotherTubIdIsRefused() throws Exception {
        try (RawFoolscapClient c = RawFoolscapClient.connect(port, dir.resolve("mallory"))) {
            c.upgrade(tubId);
            // claim a TubID that is not our certificate's, on whichever side of the helper's it falls
            String claimed = c.tubId.charAt(0) == 'z' ? "a" + c.tubId.substring(1) : "z" + c.tubId.substring(1);
            Map<String, String> theirs = c.negotiate(claimed);
            String refusal = theirs.containsKey("error") ? theirs.get("error") : c.readHeader();
            assertTrue(refusal.contains("TubID mismatch"), refusal);
            assertTrue(c.closedByPeer());
        }
    }

    // ------------------------------------------------------------------ malformed Banana

    private void assertErrorThenClose(RawFoolscapClient c, String expected) throws Exception {
        Decoder.Event e = c.nextEvent();
        assertInstanceOf(Decoder.PeerError.class, e);
        assertTrue(((Decoder.PeerError) e).text().contains(expected), ((Decoder.PeerError) e).text());
        assertNull(c.nextEvent(), "then the helper closes");
    }

    @Test
    void invalidTypeByteGetsAnErrorTokenAndAClose() throws Exception {
        try (RawFoolscapClient c = ready("a")) {
            c.send(HexFormat.of().parseHex("008b"));
            assertErrorThenClose(c, "invalid Banana type byte 0x8b");
        }
    }

    @Test
    void oversizedStringIsRefusedBeforeItsBody() throws Exception {
        try (RawFoolscapClient c = ready("a")) {
            // OPEN(2) VOCAB "call" then a STRING header declaring 2^30 bytes, and no body
            c.send(HexFormat.of().parseHex("0288" + "0b87" + "0000000004" + "82"));
            assertErrorThenClose(c, "exceeds the limit");
        }
    }

    @Test
    void tokensOutsideASequenceAndDeepNestingAreFatal() throws Exception {
        try (RawFoolscapClient c = ready("a")) {
            c.send(HexFormat.of().parseHex("0181"));
            assertErrorThenClose(c, "outside a sequence");
        }
        try (RawFoolscapClient c = ready("b")) {
            StringBuilder b = new StringBuilder();
            for (int i = 2; i < 2 + 70; i++) {
                b.append(String.format("%02x88", i)).append("0487");
            }
            c.send(HexFormat.of().parseHex(b.toString()));
            assertErrorThenClose(c, "nested deeper");
        }
    }

    // ------------------------------------------------------------------ well framed, wrong calls

    @Test
    void badCallsAreErrorsAndTheConnectionStays() throws Exception {
        try (RawFoolscapClient c = ready("a")) {
            c.call(0, "frobnicate", Value.Args.of());
            assertFailure(c.next(), "foolscap.tokens.Violation", "not defined in RIBroker");
            c.call(99, "anything", Value.Args.of());
            assertFailure(c.next(), "builtins.KeyError", "no object with clid 99");
            c.call(0, "getReferenceByName", RawFoolscapClient.kwargs(Map.of("name", Value.Bytes.ascii("x" + swissnum))));
            PbMessage.Error wrong = assertFailure(c.next(), "builtins.KeyError", "unable to find reference");
            assertTrue(!wrong.failure().value().contains(swissnum), "no part of the swissnum is echoed");
            c.call(1, "no_such_method", Value.Args.of());
            assertFailure(c.next(), "foolscap.tokens.Violation", "not defined in RIHelper");
            c.call(1, "upload_chk", Value.Args.of(new Value.Bytes(new byte[15])));
            assertFailure(c.next(), "foolscap.tokens.Violation", "16 bytes");
            c.call(1, "upload_chk", Value.Args.of(new Value.Text("0123456789abcdef")));
            assertFailure(c.next(), "foolscap.tokens.Violation", "16 bytes");
            // an unknown sequence type inside the arguments: refused, stream still in sync
            c.send(callWithUnknownType(c.encoder().nextOpenId()));
            assertFailure(c.next(), "foolscap.tokens.Violation", "unsupported sequence type");
            c.call(1, "get_version", Value.Args.of());
            Value.Dict v = (Value.Dict) ((PbMessage.Answer) c.next()).result();
            assertTrue(v.get(Value.Bytes.ascii("http://allmydata.org/tahoe/protocols/helper/v1")) instanceof Value.Dict);
            c.send(Encoder.ping(7));
            assertEquals(new Decoder.Pong(7), c.nextEvent(), "PING answered with the same number");
        }
    }

    /**
     * {@code call(reqID 99, clid 1, "upload_chk", arguments(1, <sequence of type "nother">))}, hand
     * made with open-ids from {@code o} (below 126, so each is one header digit).
     */
    private static byte[] callWithUnknownType(long o) {
        String a = String.format("%02x", o);
        String b = String.format("%02x", o + 1);
        String d = String.format("%02x", o + 2);
        return HexFormat.of().parseHex(a + "88" + "0b87" + "6381" + "0181" + "0a82" + "75706c6f61645f63686b"
                + b + "88" + "0c87" + "0181" + d + "88" + "0682" + "6e6f74686572" + d + "89" + b + "89" + a + "89");
    }

    private static PbMessage.Error assertFailure(PbMessage m, String type, String text) {
        PbMessage.Error e = assertInstanceOf(PbMessage.Error.class, m);
        assertEquals(type, e.failure().type());
        assertTrue(e.failure().value().contains(text), e.failure().value());
        assertEquals(type + ": " + e.failure().value() + "\n", e.failure().traceback(), "the reason, never a stack trace");
        return e;
    }

    @Test
    void aFloodOfCallsIsBounded() throws Exception {
        try (RawFoolscapClient c = ready("a")) {
            java.io.ByteArrayOutputStream flood = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 80; i++) {
                flood.writeBytes(org.lafs.helper.foolscap.pb.PbCodec.encode(new PbMessage.Call(100 + i, 1, "upload_chk",
                        Value.Args.of(new Value.Bytes(TestHelpers.randomBytes(16, i)))), c.encoder()));
            }
            c.send(flood.toByteArray());
            int refused = 0;
            int handedOut = 0;
            int overQuota = 0;
            for (int i = 0; i < 80; i++) {
                PbMessage m = c.next();
                if (m instanceof PbMessage.Error e && e.failure().value().contains("too many outstanding calls")) {
                    refused++;
                } else if (m instanceof PbMessage.Error e && e.failure().value().contains("quota-concurrent-uploads")) {
                    overQuota++;
                } else if (m instanceof PbMessage.Answer) {
                    handedOut++;
                }
            }
            assertTrue(refused > 0, "calls beyond the per-connection bound are refused");
            assertEquals(4, handedOut, "one client gets foolscap.client.concurrent-uploads (4) upload helpers");
            assertEquals(80 - refused - 4, overQuota);
        }
    }

    // ------------------------------------------------------------------ a reader that misbehaves or vanishes

    /** upload_chk and upload with our clid 1 as the reader; returns the helper's upload-helper clid. */
    private long startUpload(RawFoolscapClient c, byte[] si) throws Exception {
        c.call(1, "upload_chk", Value.Args.of(new Value.Bytes(si)));
        Value.Seq answer = (Value.Seq) ((PbMessage.Answer) c.next()).result();
        assertEquals(Value.None.INSTANCE, answer.items().get(0));
        long uh = ((Value.MyRef) answer.items().get(1)).clid();
        c.call(uh, "upload", Value.Args.of(new Value.MyRef(1, READER, null)));
        PbMessage.Call size = (PbMessage.Call) c.next();
        assertEquals("get_size", size.method());
        c.answer(size.reqId(), Value.Int.of(1_000_000));
        PbMessage.Call params = (PbMessage.Call) c.next();
        assertEquals("get_all_encoding_parameters", params.method());
        c.answer(params.reqId(), Value.Seq.tuple(Value.Int.of(3), Value.Int.of(7), Value.Int.of(10), Value.Int.of(131_073)));
        return uh;
    }

    @Test
    void aDisconnectInsideReadEncryptedLeavesAResumableUploadAndNoJob() throws Exception {
        byte[] si = TestHelpers.randomBytes(16, 77);
        try (RawFoolscapClient c = ready("alice")) {
            startUpload(c, si);
            PbMessage.Call read = (PbMessage.Call) c.next();
            assertEquals("read_encrypted", read.method());
            assertEquals(Value.Int.of(0), read.args().get(0, "offset"));
            assertEquals(Value.Int.of(65_536), read.args().get(1, "length"));
            // vanish without answering
        }
        TestHelpers.waitFor("the job to end", () -> helper.foolscap().uploads().jobCount() == 0);
        Upload u = helper.service().find(org.lafs.format.Base32.encode(si)).orElseThrow();
        assertEquals(0, u.progress().durable());
        // the same client comes back and is handed the upload again (nothing is stuck)...
        try (RawFoolscapClient c = ready("alice")) {
            startUpload(c, si);
            PbMessage.Call read = (PbMessage.Call) c.next();
            assertEquals("read_encrypted", read.method());
        }
        TestHelpers.waitFor("the job to end", () -> helper.foolscap().uploads().jobCount() == 0);
        // ...and another client may not touch it: after foolscap.conflict-wait it is refused
        try (RawFoolscapClient c = ready("bob")) {
            c.call(1, "upload_chk", Value.Args.of(new Value.Bytes(si)));
            assertFailure(c.next(), "lafs.helper.UploadRefused", "upload-in-progress");
        }
    }

    @Test
    void aReaderAnsweringTheWrongBytesFailsItsUploadOnly() throws Exception {
        byte[] si = TestHelpers.randomBytes(16, 78);
        try (RawFoolscapClient c = ready("alice")) {
            long uh = startUpload(c, si);
            PbMessage.Call read = (PbMessage.Call) c.next();
            c.answer(read.reqId(), Value.Seq.list(List.of(Value.Bytes.ascii("short"))));
            // the helper gives up on this reader and answers the upload() call (our reqID 3) with an error
            PbMessage m = c.next();
            while (m instanceof PbMessage.Call extra) { // a decref of our reader may come first
                c.answer(extra.reqId(), Value.None.INSTANCE);
                m = c.next();
            }
            assertFailure(m, "foolscap.tokens.Violation", "must answer a list of byte strings");
            c.call(uh, "get_version", Value.Args.of());
            assertInstanceOf(PbMessage.Answer.class, nextNonCall(c), "the connection is still usable");
        }
    }

    private static PbMessage nextNonCall(RawFoolscapClient c) throws Exception {
        PbMessage m = c.next();
        while (m instanceof PbMessage.Call extra) {
            c.answer(extra.reqId(), Value.None.INSTANCE);
            m = c.next();
        }
        return m;
    }

    // ------------------------------------------------------------------ connection bounds

    @Test
    void connectionsPerAddressAreBounded() throws Exception {
        List<RawFoolscapClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                held.add(RawFoolscapClient.connect(port, null));
            }
            TestHelpers.waitFor("8 connections accepted", () -> helper.foolscap().connectionCount() == 8);
            try (RawFoolscapClient ninth = RawFoolscapClient.connect(port, null)) {
                assertTrue(ninth.closedByPeer(), "the ninth is closed at once");
            }
        } finally {
            for (RawFoolscapClient c : held) {
                c.close();
            }
        }
    }

    @Test
    void nothingSecretInTheFurlFileLog() throws Exception {
        String furlFile = java.nio.file.Files.readString(dir.resolve("helper/foolscap/helper.furl"), StandardCharsets.US_ASCII);
        assertTrue(furlFile.contains(swissnum));
        assertTrue(!helper.foolscap().furl().toString().contains(swissnum), "the FURL's toString redacts the swissnum");
    }
}
