package org.lafs.helper.foolscap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lafs.helper.foolscap.banana.BananaException;
import org.lafs.helper.foolscap.banana.Decoder;
import org.lafs.helper.foolscap.banana.Encoder;
import org.lafs.helper.foolscap.banana.Value;
import org.lafs.helper.foolscap.banana.Vocab;
import org.lafs.helper.foolscap.pb.PbCodec;
import org.lafs.helper.foolscap.pb.PbMessage;

/**
 * The Banana codec against streams recorded from stock python3-foolscap 21.7: every recorded
 * stream decodes, and re-encoding what was decoded gives foolscap's bytes exactly (integer
 * forms, FLOAT, VOCAB abbreviations, unicode keys, copyables, references, open-id numbering).
 * Then hostile streams: each is refused in the way the spec asks.
 */
class FoolscapBananaTest {
    static final Decoder.Limits LIMITS = new Decoder.Limits(1 << 20, 64, 100_000, 2 << 20);
    static final String[] ALL = {"upload-client-master", "upload-server-master", "dedup-client-master", "bad-swissnum-server-master",
            "ping-server-master"};

    /** Decodes a stream fed in the given chunks; PING and PONG events are kept as events. */
    static List<Decoder.Event> decode(List<byte[]> chunks) throws BananaException {
        Decoder d = new Decoder(Vocab.TABLE_1, LIMITS);
        List<Decoder.Event> out = new ArrayList<>();
        for (byte[] c : chunks) {
            d.feed(c);
            Decoder.Event e;
            while ((e = d.next()) != null) {
                out.add(e);
            }
        }
        assertEquals(0, d.buffered(), "nothing left over");
        return out;
    }

    static byte[] reencode(List<Decoder.Event> events) {
        Encoder enc = new Encoder(Vocab.TABLE_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Decoder.Event e : events) {
            if (e instanceof Decoder.Message m) {
                out.writeBytes(enc.message(m.type(), m.children()));
            } else if (e instanceof Decoder.Ping p) {
                out.writeBytes(Encoder.ping(p.number()));
            } else if (e instanceof Decoder.Pong p) {
                out.writeBytes(Encoder.pong(p.number()));
            }
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"upload-client-master", "upload-server-master", "dedup-client-master", "bad-swissnum-server-master",
            "ping-server-master"})
    void bothDirectionsReencodeToFoolscapsBytes(String name) throws Exception {
        Transcript t = Transcript.load(name);
        for (byte[] stream : List.of(t.bananaIn(), t.bananaOut())) {
            List<Decoder.Event> events = decode(List.of(stream));
            assertTrue(!events.isEmpty());
            assertArrayEquals(stream, reencode(events), name);
            // the same stream one byte at a time gives the same events
            List<byte[]> bytes = new ArrayList<>();
            for (byte b : stream) {
                bytes.add(new byte[] {b});
            }
            assertEquals(events, decode(bytes));
        }
    }

    @Test
    void uploadConversationDecodesToTahoesCalls() throws Exception {
        Transcript t = Transcript.load("upload-server-master");
        List<PbMessage> in = new ArrayList<>();
        for (Decoder.Event e : decode(List.of(t.bananaIn()))) {
            in.add(PbCodec.decode((Decoder.Message) e));
        }
        PbMessage.Call bootstrap = (PbMessage.Call) in.get(0);
        assertEquals(1, bootstrap.reqId());
        assertEquals(0, bootstrap.clid());
        assertEquals("getReferenceByName", bootstrap.method());
        assertEquals(Value.Bytes.ascii(t.meta.get("swissnum")), bootstrap.args().get(0, "name"), "sent by keyword");
        assertEquals("get_version", ((PbMessage.Call) in.get(1)).method());
        PbMessage.Call chk = (PbMessage.Call) in.get(2);
        assertEquals("upload_chk", chk.method());
        byte[] si = new byte[16];
        for (int i = 0; i < 16; i++) {
            si[i] = (byte) i;
        }
        assertEquals(new Value.Bytes(si), chk.args().get(0, "si"), "positional");
        PbMessage.Call upload = (PbMessage.Call) in.get(3);
        assertEquals(new Value.MyRef(1, "RIEncryptedUploadable.tahoe.allmydata.com", null), upload.args().get(0, "reader"));
        assertEquals(Value.Int.of(70000), ((PbMessage.Answer) in.get(4)).result(), "get_size");
        ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
        for (int i = 5; i <= 6; i++) {
            Value.Seq pieces = (Value.Seq) ((PbMessage.Answer) in.get(i)).result();
            assertEquals(Value.SeqKind.LIST, pieces.kind());
            pieces.items().forEach(p -> ciphertext.writeBytes(((Value.Bytes) p).value()));
        }
        byte[] expected = new byte[70000];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) ((i * 7 + 3) % 256);
        }
        assertArrayEquals(expected, ciphertext.toByteArray(), "read_encrypted pieces in order");
        assertEquals(Value.Seq.tuple(Value.Int.of(3), Value.Int.of(7), Value.Int.of(10), Value.Int.of(23334)),
                ((PbMessage.Answer) in.get(7)).result(), "encoding parameters are a tuple");
        assertEquals(Value.None.INSTANCE, ((PbMessage.Answer) in.get(8)).result(), "close");
        PbMessage.Call decref = (PbMessage.Call) in.get(9);
        assertEquals("decref", decref.method());
        assertEquals(Value.Int.of(2), decref.args().get(0, "clid"));
        assertEquals(Value.Int.of(1), decref.args().get(1, "count"));
    }

    @Test
    void helperResultsAndFailuresKeepTheirPythonTypes() throws Exception {
        Transcript t = Transcript.load("upload-client-master");
        List<Decoder.Event> out = decode(List.of(t.bananaOut()));
        Value results = null;
        for (Decoder.Event e : out) {
            PbMessage m = PbCodec.decode((Decoder.Message) e);
            if (m instanceof PbMessage.Answer a && a.result() instanceof Value.Copyable c) {
                results = c;
            }
        }
        Value.Copyable c = (Value.Copyable) results;
        assertEquals("allmydata.upload.UploadResults.tahoe.allmydata.com", c.className());
        Value.Dict ueb = (Value.Dict) c.get("uri_extension_data");
        assertEquals(Value.Int.of(3), ueb.get(new Value.Text("needed_shares")), "text keys");
        assertEquals(Value.Bytes.ascii("crs"), ueb.get(new Value.Text("codec_name")), "bytes values");
        Value.Dict timings = (Value.Dict) c.get("timings");
        assertEquals(new Value.Real(0.01), timings.get(new Value.Text("cumulative_fetch")));
        Value.Dict sharemap = (Value.Dict) c.get("sharemap");
        assertEquals(Value.Seq.set(List.of(Value.Bytes.ascii("v0-aaaa"))), sharemap.get(Value.Int.of(0)));
        assertEquals(Value.None.INSTANCE, c.get("uri"));

        Transcript bad = Transcript.load("bad-swissnum-server-master");
        PbMessage.Error err = (PbMessage.Error) PbCodec.decode((Decoder.Message) decode(List.of(bad.bananaOut())).get(0));
        assertEquals("builtins.KeyError", err.failure().type());
        assertEquals(5, err.failure().parents().size());
    }

    static Stream<Arguments> integers() {
        return Stream.of(
                Arguments.of(0L, "0081"),
                Arguments.of(120L, "7881"),
                Arguments.of(1551L, "0f0c81"),
                Arguments.of(51200L, "001003" + "81"),
                Arguments.of((1L << 31) - 1, "7f7f7f7f0781"),
                Arguments.of(1L << 31, "048580000000"),
                Arguments.of(-1L, "0183"),
                Arguments.of(-(1L << 31), "0000000008" + "83"),
                Arguments.of(-(1L << 31) - 1, "048680000001"),
                Arguments.of(5L << 30, "05850140000000"));
    }

    @ParameterizedTest
    @MethodSource("integers")
    void integersUseFoolscapsForms(long v, String hex) throws Exception {
        Encoder enc = new Encoder(Vocab.TABLE_0);
        byte[] msg = enc.message("list", List.of(Value.Int.of(v)));
        // OPEN(0) STRING "list" <int> CLOSE(0)
        String expected = "0088" + "04826c697374" + hex + "0089";
        assertEquals(expected, HexFormat.of().formatHex(msg));
        Decoder d = new Decoder(Vocab.TABLE_0, LIMITS);
        d.feed(msg);
        Decoder.Message m = (Decoder.Message) d.next();
        assertEquals(List.of(Value.Int.of(v)), m.children());
    }

    @Test
    void vocabularyHashesAndAbbreviations() throws Exception {
        assertEquals("bb33", Vocab.TABLE_1.hash());
        assertEquals("da39", Vocab.TABLE_0.hash());
        // a piece of ciphertext that happens to equal a table word travels as VOCAB (spec 3.3)
        Encoder enc = new Encoder(Vocab.TABLE_1);
        byte[] msg = enc.message("list", List.of(Value.Bytes.ascii("call"), Value.Bytes.ascii("calls")));
        assertEquals("00880487" + "0b87" + "0582" + HexFormat.of().formatHex("calls".getBytes(StandardCharsets.US_ASCII)) + "0089",
                HexFormat.of().formatHex(msg));
        Decoder d = new Decoder(Vocab.TABLE_1, LIMITS);
        d.feed(msg);
        assertEquals(List.of(Value.Bytes.ascii("call"), Value.Bytes.ascii("calls")), ((Decoder.Message) d.next()).children());
    }

    @Test
    void pingsMayArriveInsideSequences() throws Exception {
        // OPEN(0) PING(5) VOCAB list INT 1 PONG(0) CLOSE(0)
        byte[] stream = HexFormat.of().parseHex("0088" + "058e" + "0487" + "0181" + "8f" + "0089");
        Decoder d = new Decoder(Vocab.TABLE_1, LIMITS);
        d.feed(stream);
        assertEquals(new Decoder.Ping(5), d.next());
        assertEquals(new Decoder.Pong(0), d.next());
        assertEquals(new Decoder.Message("list", List.of(Value.Int.of(1)), false), d.next());
        assertEquals("8e", HexFormat.of().formatHex(Encoder.ping(0)), "PING 0 is the bare type byte");
        assertEquals("078f", HexFormat.of().formatHex(Encoder.pong(7)));
    }

    static Stream<Arguments> fatalStreams() {
        return Stream.of(
                Arguments.of("header of 65 digits", "01".repeat(65) + "81"),
                Arguments.of("header value past 63 bits", "00".repeat(9) + "01" + "81"),
                Arguments.of("invalid type byte", "008b"),
                Arguments.of("obsolete LIST token", "0080"),
                Arguments.of("STRING over the limit", "00008001" + "82"), // 2^21 bytes declared
                Arguments.of("ERROR over 1000 bytes", "e9078d"),
                Arguments.of("LONGINT of 65 bytes", "4185"),
                Arguments.of("token outside a sequence", "0181"),
                Arguments.of("CLOSE outside a sequence", "0089"),
                Arguments.of("CLOSE of the wrong sequence", "00880487" + "0189"),
                Arguments.of("OPEN where the type belongs", "0088" + "0188"),
                Arguments.of("INT as the type", "0088" + "0181"),
                Arguments.of("type name over 15 bytes", "0088" + "10826161616161616161616161616161616161"),
                Arguments.of("VOCAB index not in the table", "0088" + "6387"),
                Arguments.of("ABORT outside a sequence", "008a"),
                Arguments.of("nesting deeper than 64", nested(65)));
    }

    static String nested(int depth) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            b.append(String.format("%02x88", i)).append("0487");
        }
        return b.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fatalStreams")
    void fatalStreamsAreRejected(String why, String hex) {
        Decoder d = new Decoder(Vocab.TABLE_1, LIMITS);
        d.feed(HexFormat.of().parseHex(hex));
        assertThrows(BananaException.class, () -> {
            while (d.next() != null) {
                // drain
            }
        }, why);
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of("unicode that is not UTF-8", "0188" + "0887" + "01" + "82" + "ff" + "0189"),
                Arguments.of("an unknown sequence type", "0188" + "0682" + "6e6f74686572" + "0189"),
                Arguments.of("a gift (their-reference)", "0188" + "1187" + "0181" + "0182" + "78" + "0189"),
                Arguments.of("a boolean of 2", "0188" + "0187" + "0281" + "0189"),
                Arguments.of("a reference to nothing", "0188" + "0287" + "0981" + "0189"),
                Arguments.of("a dict with an odd item count", "0188" + "0387" + "0181" + "0189"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidValues")
    void unacceptableValuesAreInvalidButKeepTheStream(String why, String innerHex) throws Exception {
        // OPEN(0) "list" <inner, open-id 1> INT 7 CLOSE(0), then another message
        String hex = "0088" + "0487" + innerHex + "0781" + "0089" + "0288" + "0487" + "0289";
        Decoder d = new Decoder(Vocab.TABLE_1, LIMITS);
        d.feed(HexFormat.of().parseHex(hex));
        Decoder.Message first = (Decoder.Message) d.next();
        assertInstanceOf(Value.Invalid.class, first.children().get(0), why);
        assertEquals(new Decoder.Message("list", List.of(), false), d.next(), "the stream is still in sync");
    }

    @Test
    void messageSizeAndTokenCountAreBounded() {
        Decoder small = new Decoder(Vocab.TABLE_1, new Decoder.Limits(1 << 20, 64, 10, 1 << 20));
        StringBuilder hex = new StringBuilder("00880487");
        for (int i = 0; i < 20; i++) {
            hex.append("0181");
        }
        small.feed(HexFormat.of().parseHex(hex.toString()));
        assertThrows(BananaException.class, small::next);
        Decoder bytes = new Decoder(Vocab.TABLE_1, new Decoder.Limits(1 << 20, 64, 1000, 100));
        bytes.feed(HexFormat.of().parseHex("00880487" + "7882" + "00".repeat(120)));
        assertThrows(BananaException.class, bytes::next);
    }

    @Test
    void abortedCallsAreReportedWithTheirRequest() throws Exception {
        // call reqID 9 ... ABORT(0) CLOSE(0)
        String hex = "0088" + "0b87" + "0981" + "0181" + "0482" + "74657374" + "8a" + "0089";
        Decoder d = new Decoder(Vocab.TABLE_1, LIMITS);
        d.feed(HexFormat.of().parseHex(hex));
        Decoder.Message m = (Decoder.Message) d.next();
        assertTrue(m.aborted());
        PbCodec.Unusable u = assertThrows(PbCodec.Unusable.class, () -> PbCodec.decode(m));
        assertEquals(9, u.reqId());
        assertTrue(u.call());
    }

    @Test
    void bigIntegersRoundTrip() throws Exception {
        BigInteger big = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);
        Encoder enc = new Encoder(Vocab.TABLE_1);
        byte[] msg = enc.message("list", List.of(new Value.Int(big), new Value.Int(big.negate())));
        Decoder d = new Decoder(Vocab.TABLE_1, LIMITS);
        d.feed(msg);
        assertEquals(List.of(new Value.Int(big), new Value.Int(big.negate())), ((Decoder.Message) d.next()).children());
    }
}
