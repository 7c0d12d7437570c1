package org.lafs.chk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.lafs.chk.cap.ChkCap;
import org.lafs.chk.encode.ChkEncodeResult;
import org.lafs.chk.encode.ChkEncoder;
import org.lafs.chk.encode.EncodedSegment;
import org.lafs.chk.encode.SegmentEncoder;
import org.lafs.chk.share.ShareLayout;
import org.lafs.chk.share.UriExtension;
import org.lafs.chk.tree.MerkleTree;
import org.lafs.format.Base32;
import org.lafs.format.TaggedHash;
import org.junit.jupiter.api.Test;

/** The worked examples of chk-format.md section 13, value by value. */
class WorkedExamplesTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SECRET = "aaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII);

    private static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Collects every share in memory (the examples are small). */
    private static ByteArrayOutputStream[] encode(byte[] ciphertext, FileGeometry g, ChkEncodeResult[] result)
            throws IOException {
        ByteArrayOutputStream[] shares = new ByteArrayOutputStream[g.n()];
        for (int i = 0; i < g.n(); i++) {
            shares[i] = new ByteArrayOutputStream();
        }
        result[0] = ChkEncoder.encode(new ByteArrayInputStream(ciphertext), g, (sh, offset, data, off, len) -> {
            assertEquals(shares[sh].size(), offset, "shares are written in order without holes");
            shares[sh].write(data, off, len);
        });
        return shares;
    }

    private static byte[] encrypt(byte[] key, byte[] plaintext) {
        byte[] c = plaintext.clone();
        CtrCipher.at(key, 0).apply(c, 0, c.length);
        return c;
    }

    @Test
    void vector0() throws IOException {
        byte[] plain = new byte[56];
        Arrays.fill(plain, (byte) 'a');
        EncodingParameters p = new EncodingParameters(1, 1, 1, 131072);
        FileGeometry g = p.geometry(56);
        assertEquals(56, g.segmentSize());
        assertEquals(1, g.numSegments());
        assertEquals(56, g.tailSize());
        assertEquals(56, g.paddedTail());
        assertEquals("allmydata_immutable_content_to_key_with_added_secret_v1+16:aaaaaaaaaaaaaaaa,6:1,1,56,",
                ascii(ConvergentKey.tag(SECRET, 1, 1, 56)));
        byte[] key = ConvergentKey.derive(plain, SECRET, p);
        assertEquals("c66e2700c124ec49fbab9a5e186168db", hex(key));
        assertEquals("yzxcoagbetwet65ltjpbqyli3m", Base32.encode(key));
        assertEquals("475a787f99b6851539fedf220e1e35cb", hex(StorageIndex.of(key)));
        byte[] ct = encrypt(key, plain);
        assertEquals("561a358556560c7f9754bd0ff48e5a3f2baf1137c031e3aab298cf440117834a",
                hex(Arrays.copyOf(ct, 32)));
        EncodedSegment seg = new SegmentEncoder(g).encode(0, ct, 0, ct.length);
        assertEquals("c547a245bcf4ecf6f0a0940fe2e32bf639fc38360e10d9eb72e176f70f4e13d3", hex(seg.segmentHash()));
        assertEquals("2bf8dfa93bc47a1821918101d6dc98e58d1d2efcd0581e64f1016fb4ca3935af", hex(seg.blockHash(0)));
        assertEquals("971cd93acbf6d6cc600b83ed3df3ec9df5fa2d3290b83ce7c75f1a61ba5e5a1f",
                hex(TaggedHash.hash(Tags.CRYPTTEXT, ct)));

        ChkEncodeResult[] r = new ChkEncodeResult[1];
        byte[] share = encode(ct, g, r)[0].toByteArray();
        byte[] ueb = r[0].uebBytes();
        assertEquals(305, ueb.length);
        UriExtension parsed = UriExtension.parse(ueb);
        assertEquals("c547a245bcf4ecf6f0a0940fe2e32bf639fc38360e10d9eb72e176f70f4e13d3", hex(parsed.crypttextRootHash()));
        assertEquals("2bf8dfa93bc47a1821918101d6dc98e58d1d2efcd0581e64f1016fb4ca3935af", hex(parsed.shareRootHash()));
        String expectedUeb = "codec_name:3:crs,codec_params:6:56-1-1,crypttext_hash:32:" + ascii(HEX.parseHex(
                "971cd93acbf6d6cc600b83ed3df3ec9df5fa2d3290b83ce7c75f1a61ba5e5a1f"))
                + ",crypttext_root_hash:32:" + ascii(HEX.parseHex(
                "c547a245bcf4ecf6f0a0940fe2e32bf639fc38360e10d9eb72e176f70f4e13d3"))
                + ",needed_shares:1:1,num_segments:1:1,segment_size:2:56,share_root_hash:32:" + ascii(HEX.parseHex(
                "2bf8dfa93bc47a1821918101d6dc98e58d1d2efcd0581e64f1016fb4ca3935af"))
                + ",size:2:56,tail_codec_params:6:56-1-1,total_shares:1:1,";
        assertEquals(expectedUeb, ascii(ueb));
        assertEquals("f07e86d10706ae399a191f7a8f00863526dbe63e816cfae88fedd6b6f9e6217e", hex(r[0].uebHash()));
        ChkCap cap = new ChkCap(key, r[0].uebHash(), 1, 1, 56);
        assertEquals("URI:CHK:yzxcoagbetwet65ltjpbqyli3m:6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7a:1:1:56",
                cap.uri());
        assertEquals("URI:CHK-Verifier:i5nhq74zw2crkop634ra4hrvzm:"
                + "6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7a:1:1:56", cap.verifier().uri());

        assertEquals("00000001000000380000003800000024" + "0000005c0000007c0000009c000000bc000000de",
                hex(Arrays.copyOf(share, 36)));
        assertEquals(531, share.length);
        assertEquals(531, r[0].layout().allocatedSize());
        assertArrayEquals(Arrays.copyOf(ct, 56), Arrays.copyOfRange(share, 36, 92));
        assertArrayEquals(new byte[32], Arrays.copyOfRange(share, 92, 124));
        assertEquals("c547a245bcf4ecf6f0a0940fe2e32bf639fc38360e10d9eb72e176f70f4e13d3",
                hex(Arrays.copyOfRange(share, 124, 156)));
        assertEquals("2bf8dfa93bc47a1821918101d6dc98e58d1d2efcd0581e64f1016fb4ca3935af",
                hex(Arrays.copyOfRange(share, 156, 188)));
        assertEquals("0000" + "2bf8dfa93bc47a1821918101d6dc98e58d1d2efcd0581e64f1016fb4ca3935af",
                hex(Arrays.copyOfRange(share, 188, 222)));
        assertEquals("00000131", hex(Arrays.copyOfRange(share, 222, 226)));
        assertArrayEquals(ueb, Arrays.copyOfRange(share, 226, 531));
    }

    @Test
    void vector195() throws IOException {
        byte[] seed = TaggedHash.sha256().digest("baz".getBytes(StandardCharsets.US_ASCII));
        assertEquals("baa5a0964d3320fbc0c6a922140453c8513ea24ab8fd0577034804a967248096", hex(seed));
        byte[] plain = ChkVectors.repeat(seed, 2097151);
        EncodingParameters p = new EncodingParameters(3, 7, 10, 131072);
        FileGeometry g = p.geometry(plain.length);
        assertEquals(new FileGeometry(2097151, 3, 10, 131073, 16, 131056, 131058, 43691, 43686, 699051), g);
        assertEquals("allmydata_immutable_content_to_key_with_added_secret_v1+16:aaaaaaaaaaaaaaaa,11:3,10,131073,",
                ascii(ConvergentKey.tag(SECRET, 3, 10, 131073)));
        byte[] key = ConvergentKey.derive(plain, SECRET, p);
        assertEquals("163e56264b1900a3947c7c82c31d90c2", hex(key));
        assertEquals("tp7fi325jhn7zgwztrrzuapmam", Base32.encode(StorageIndex.of(key)));
        byte[] ct = encrypt(key, plain);
        assertEquals("173393f5bba5ce75d4d09bdc71caefc612ed59fcc4e494dff94ea9e0fcaa8ffb", hex(Arrays.copyOf(ct, 32)));
        assertEquals("4d274a8f91684663054a0f63141896c76b6a2b2d7dc71ae98956f5d3150009d8",
                hex(TaggedHash.hash(Tags.CRYPTTEXT, ct)));

        ChkEncodeResult[] r = new ChkEncodeResult[1];
        ByteArrayOutputStream[] shares = encode(ct, g, r);
        ShareLayout l = r[0].layout();
        assertEquals(702565, l.allocatedSize());
        UriExtension ueb = UriExtension.parse(r[0].uebBytes());
        assertEquals(328, r[0].uebBytes().length);
        assertEquals("c5822f19619b576822209276f726b01164088d3799aa9e53e5819af41a5fc5dd", hex(ueb.crypttextRootHash()));
        assertEquals("607508a5060e6a273a0287b1fcd42196c17fd34731b68913a98555ec2e70b6b8", hex(ueb.shareRootHash()));
        assertEquals("f03d4ae008e2559cf8e9ee134333d4413a49d70c1506645ac93f3e07e7dbf66c", hex(r[0].uebHash()));
        assertEquals("URI:CHK:cy7fmjsldeakhfd4psbmghmqyi:6a6uvyai4jkzz6hj5yjugm6uie5etvymcudgiwwjh47apz636zwa:3:10:2097151",
                new ChkCap(key, r[0].uebHash(), 3, 10, plain.length).uri());

        byte[] s0 = shares[0].toByteArray();
        assertEquals("00000001" + "0000aaab000aaaab00000024000aaacf000aaeaf000ab28f000ab66f000ab719",
                hex(Arrays.copyOf(s0, 36)));
        // crypttext tree: 16 leaves at nodes 15.., first two are seg_hash[0], seg_hash[1]
        int ctTree = 700079;
        assertEquals("c5822f19619b576822209276f726b01164088d3799aa9e53e5819af41a5fc5dd",
                hex(Arrays.copyOfRange(s0, ctTree, ctTree + 32)));
        assertEquals("dfbf835a2e346eabd8751e5e5e224aef87396590d8b8d74ac0a95c8a39dbc986",
                hex(Arrays.copyOfRange(s0, ctTree + 15 * 32, ctTree + 16 * 32)));
        assertEquals("aa26884647b2fe60aae8362613f700c54abe4c544ffc8c6dbb6d8ca669550e44",
                hex(Arrays.copyOfRange(s0, ctTree + 16 * 32, ctTree + 17 * 32)));
        String[] blockRoots = {"a3215cda45a605d3fa417a3eb1d744501fe9ebcb9011150d8255d8bc1855f9eb",
            "8865c275931c3ceba442d73a96716fc5d38f6bb0998b141193e787db8347db2f",
            "87a2e3c37b336e3812e812e3f980697c8dc71e628df95798e69c0afdae74e214"};
        for (int i = 0; i < 3; i++) {
            byte[] s = shares[i].toByteArray();
            assertEquals(blockRoots[i], hex(Arrays.copyOfRange(s, 701071, 701071 + 32)), "block root of share " + i);
        }
        assertEquals("0002405ba637", hex(Arrays.copyOfRange(s0, 702063, 702069)));
        assertEquals(java.util.List.of(2, 4, 8, 15, 16), chainOrder(s0, 702063, 5));
        assertEquals(java.util.List.of(1, 6, 12, 23, 24), chainOrder(shares[9].toByteArray(), 702063, 5));
        assertEquals("00000148", hex(Arrays.copyOfRange(s0, 702233, 702237)));
        for (ByteArrayOutputStream s : shares) {
            assertEquals(702565, s.size());
        }
        // leaf 15 of the share tree (share 0) is share 0's block tree root
        assertEquals(blockRoots[0], hex(Arrays.copyOfRange(s0, 702063 + 3 * 34 + 2, 702063 + 4 * 34)));
        assertEquals(MerkleTree.HASH, 32);
    }

    private static java.util.List<Integer> chainOrder(byte[] share, int at, int count) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(share, at, count * 34);
        for (int i = 0; i < count; i++) {
            out.add(b.getShort() & 0xffff);
            b.position(b.position() + 32);
        }
        return out;
    }
}
