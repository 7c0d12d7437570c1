package org.lafs.helper.foolscap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lafs.helper.foolscap.banana.BananaException;
import org.lafs.helper.foolscap.negotiation.BlockReader;
import org.lafs.helper.foolscap.negotiation.Decision;
import org.lafs.helper.foolscap.negotiation.Furl;
import org.lafs.helper.foolscap.negotiation.HeaderBlock;
import org.lafs.helper.foolscap.negotiation.Hello;
import org.lafs.helper.foolscap.negotiation.NegotiationException;
import org.lafs.helper.foolscap.negotiation.TubId;
import org.lafs.helper.foolscap.negotiation.UpgradeRequest;

/**
 * Negotiation framing against traffic recorded between two stock python3-foolscap 21.7 tubs, in
 * both master roles: our TubID derivation, request check, 101 answer, Hello and Decision are the
 * bytes foolscap produced, and we accept what the client sent.
 */
class FoolscapNegotiationTest {

    @ParameterizedTest
    @ValueSource(strings = {"upload-client-master", "upload-server-master", "dedup-client-master", "bad-swissnum-server-master",
            "ping-server-master"})
    void negotiationMatchesRecordedFoolscap(String name) throws Exception {
        Transcript t = Transcript.load(name);
        String server = t.meta.get("server-tubid");
        assertEquals(server, TubId.of(t.serverCert()), "TubID = base32(SHA-1(certificate DER))");
        String client = TubId.of(t.clientCert());

        // plaintext phase: the request is for us; our answer is foolscap's, byte for byte
        BlockReader plain = new BlockReader();
        byte[] request = Transcript.concat(t.plainIn);
        plain.feed(request, 0, request.length);
        String requestBlock = plain.nextBlock();
        assertNull(UpgradeRequest.check(requestBlock, server));
        assertEquals(0, plain.buffered(), "the client sends nothing more before the 101");
        assertArrayEquals(Transcript.concat(t.plainOut), UpgradeRequest.switchingProtocols());

        // after TLS: the client's Hello, checked against the TubID its certificate hashes to
        BlockReader in = new BlockReader();
        for (byte[] chunk : t.tlsIn) {
            in.feed(chunk, 0, chunk.length);
        }
        Hello theirs = Hello.parseAndCheck(HeaderBlock.parse(in.nextBlock()), client);
        assertEquals(client, theirs.tubId());
        assertEquals("none 0", theirs.lastConnection());
        assertEquals(t.clientIsMaster(), !Decision.weAreMaster(server, client));

        // our Hello, with the incarnation the recorded listener used, is the recorded block
        byte[] out = Transcript.concat(t.tlsOut);
        BlockReader ours = new BlockReader();
        ours.feed(out, 0, out.length);
        String ourHelloText = ours.nextBlock();
        String incarnation = HeaderBlock.parse(ourHelloText).get("my-incarnation");
        Hello ourHello = Hello.ours(server, incarnation);
        assertArrayEquals((ourHelloText + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), ourHello.encode());

        if (t.clientIsMaster()) {
            Decision d = Decision.parseAndCheck(HeaderBlock.parse(in.nextBlock()));
            assertEquals(1, d.vocabIndex());
            assertTrue(d.currentConnection().startsWith(theirs.incarnation() + " "));
        } else {
            Decision d = Decision.asMaster(ourHello, theirs, 1);
            assertArrayEquals((ours.nextBlock() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), d.encode());
        }
        byte[] banana = in.drain();
        assertArrayEquals(t.bananaIn(), banana, "what follows the blocks is the Banana stream");
        assertEquals((byte) 0x88, banana[1], "which starts with OPEN(0)");
    }

    @Test
    void requestsForOtherTubsOrWithoutTlsAreRefused() {
        String us = "fdqcgn2ripeprxhsdgfjmaqrd4ayazr3";
        String tls = "\r\nHost: 127.0.0.1\r\nUpgrade: TLS/1.0\r\nConnection: Upgrade";
        assertNull(UpgradeRequest.check("GET /id/" + us + " HTTP/1.1" + tls, us));
        assertTrue(UpgradeRequest.check("GET /id/oap5anby2julultmwequlwc5nqw2azlg HTTP/1.1" + tls, us).startsWith("unknown TubID"));
        assertEquals("secure Tubs require encryption", UpgradeRequest.check("GET /id/ HTTP/1.1" + tls, us));
        assertEquals("secure Tubs require encryption", UpgradeRequest.check("GET /id/" + us + " HTTP/1.1\r\nHost: x", us));
        assertEquals("not right", UpgradeRequest.check("POST /id/" + us + " HTTP/1.1" + tls, us));
        assertEquals("not right", UpgradeRequest.check("GET /x/" + us + " HTTP/1.1" + tls, us));
        assertEquals("not right", UpgradeRequest.check("\u0000\u0001garbage", us));
        assertArrayEquals("HTTP/1.1 500 Internal Server Error: unknown TubID x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                UpgradeRequest.refusal("unknown TubID x"));
    }

    @Test
    void helloChecks() {
        String tub = "oap5anby2julultmwequlwc5nqw2azlg";
        Map<String, String> good = Map.of("banana-negotiation-range", "3 3", "initial-vocab-table-range", "0 1", "my-tub-id", tub,
                "my-incarnation", "42c1b7668c604bdf", "last-connection", "none 0");
        assertThrows(NegotiationException.class, () -> Hello.parseAndCheck(good, "fdqcgn2ripeprxhsdgfjmaqrd4ayazr3"), "TubID must match the certificate");
        assertThrows(NegotiationException.class, () -> Hello.parseAndCheck(Map.of("my-tub-id", tub), tub), "range required");
        assertThrows(NegotiationException.class, () -> Hello.parseAndCheck(Map.of("banana-negotiation-range", "1 2", "my-tub-id", tub), tub));
        assertThrows(NegotiationException.class, () -> Hello.parseAndCheck(Map.of("banana-negotiation-range", "x", "my-tub-id", tub), tub));
        NegotiationException refused = assertThrows(NegotiationException.class, () -> Hello.parseAndCheck(Map.of("error", "go away"), tub));
        assertFalse(refused.tellPeer(), "a peer that refused already hangs up");
    }

    @Test
    void decisionChecks() throws Exception {
        assertEquals(0, Decision.parseAndCheck(Map.of("banana-decision-version", "3")).vocabIndex(), "absent index means table 0");
        assertEquals(1, Decision.parseAndCheck(Map.of("banana-decision-version", "3", "initial-vocab-table-index", "1 bb33")).vocabIndex());
        assertThrows(NegotiationException.class, () -> Decision.parseAndCheck(Map.of("banana-decision-version", "3",
                "initial-vocab-table-index", "1 0000")), "hash must match our table");
        assertThrows(NegotiationException.class, () -> Decision.parseAndCheck(Map.of("banana-decision-version", "4")));
        assertThrows(NegotiationException.class, () -> Decision.parseAndCheck(Map.of()));
        assertThrows(NegotiationException.class, () -> Decision.parseAndCheck(Map.of("banana-decision-version", "1", "error", "Duplicate connection")));
        assertArrayEquals("banana-decision-version: 1\r\nerror: Duplicate connection\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                Decision.refusal("Duplicate connection"));
    }

    @Test
    void duplicateConnectionRulesFollowFoolscap() {
        String ours = "0123456789abcdef";
        Hello.ours("a".repeat(32), ours);
        Hello restarted = new Hello(3, 3, 0, 1, "b".repeat(32), "new-incarnation0", "none 0");
        assertTrue(Decision.replacesExisting(restarted, "old-incarnation0", 1, ours), "the client restarted");
        Hello parallel = new Hello(3, 3, 0, 1, "b".repeat(32), "same", "none 0");
        assertFalse(Decision.replacesExisting(parallel, "same", 1, ours), "a parallel first connection");
        Hello pastLife = new Hello(3, 3, 0, 1, "b".repeat(32), "same", "ffffffffffffffff 4");
        assertTrue(Decision.replacesExisting(pastLife, "same", 1, ours), "it remembers our previous run");
        Hello stale = new Hello(3, 3, 0, 1, "b".repeat(32), "same", ours + " 2");
        assertTrue(Decision.replacesExisting(stale, "same", 2, ours), "it knows the existing connection and still reconnected");
        assertFalse(Decision.replacesExisting(stale, "same", 3, ours), "it knows an older one");
        Hello old = new Hello(3, 3, 0, 1, "b".repeat(32), null, null);
        assertFalse(Decision.replacesExisting(old, "same", 1, ours), "pre-0.2 peer");
    }

    @Test
    void oversizedBlocksAreFatal() {
        BlockReader r = new BlockReader();
        byte[] junk = "x".repeat(5000).getBytes(StandardCharsets.US_ASCII);
        r.feed(junk, 0, junk.length);
        assertThrows(BananaException.class, r::nextBlock);
    }

    @Test
    void furlRoundTripsAndRedacts() {
        Furl f = new Furl("fdqcgn2ripeprxhsdgfjmaqrd4ayazr3", List.of("tcp:127.0.0.1:3458"), "rz7xa3h6qi525kpcdxhuhfbmq7bsmnqo");
        assertEquals("pb://fdqcgn2ripeprxhsdgfjmaqrd4ayazr3@tcp:127.0.0.1:3458/rz7xa3h6qi525kpcdxhuhfbmq7bsmnqo", f.uri());
        assertFalse(f.toString().contains("rz7x"), "the swissnum never reaches a log");
        assertEquals(f, Furl.parse(f.uri()));
        assertEquals(List.of("tcp:example.org:1234"), Furl.parse("pb://fdqcgn2ripeprxhsdgfjmaqrd4ayazr3@example.org:1234/s").hints());
        assertThrows(IllegalArgumentException.class, () -> new Furl("FDQC", List.of(), "s"));
        assertThrows(IllegalArgumentException.class, () -> new Furl("fdqcgn2ripeprxhsdgfjmaqrd4ayazr3", List.of("udp:x:1"), "s"));
        assertNotNull(f.hints());
    }

    @Test
    void tubIdVectorFromTheSpec() {
        // spec 1.2: SHA-1 28e02337... of a 678-byte certificate gives fdqcgn2r...; base32 of that digest:
        byte[] digest = java.util.HexFormat.of().parseHex("28e023375143c8f8dcf2198a9602111f0180663b");
        assertEquals("fdqcgn2ripeprxhsdgfjmaqrd4ayazr3", org.lafs.format.Base32.encode(digest));
    }
}
