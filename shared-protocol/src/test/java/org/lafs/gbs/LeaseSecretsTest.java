package org.lafs.gbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lafs.format.Base32;

/** Tahoe's published renewal-secret vectors (docs/specifications/derive_renewal_secret.py). */
class LeaseSecretsTest {
    @ParameterizedTest
    @CsvSource({
        "boity2cdh7jvl3ltaeebuiobbspjmbuopnwbde2yeh4k6x7jioga, vrttmwlicrzbt7gh5qsooogr7u, v67jiisoty6ooyxlql5fuucitqiok2ic, osd6wmc5vz4g3ukg64sitmzlfiaaordutrez7oxdp5kkze7zp5zq",
        "boity2cdh7jvl3ltaeebuiobbspjmbuopnwbde2yeh4k6x7jioga, 75gmmfts772ww4beiewc234o5e, v67jiisoty6ooyxlql5fuucitqiok2ic, 35itmusj7qm2pfimh62snbyxp3imreofhx4djr7i2fweta75szda",
        "boity2cdh7jvl3ltaeebuiobbspjmbuopnwbde2yeh4k6x7jioga, 75gmmfts772ww4beiewc234o5e, lh5fhobkjrmkqjmkxhy3yaonoociggpz, srrlruge47ws3lm53vgdxprgqb6bz7cdblnuovdgtfkqrygrjm4q",
        "vacviff4xfqxsbp64tdr3frg3xnkcsuwt5jpyat2qxcm44bwu75a, 75gmmfts772ww4beiewc234o5e, lh5fhobkjrmkqjmkxhy3yaonoociggpz, b4jledjiqjqekbm2erekzqumqzblegxi23i5ojva7g7xmqqnl5pq",
    })
    void renewSecretMatchesTahoe(String lease, String si, String tubid, String expected) {
        LeaseSecrets s = new LeaseSecrets(Base32.decode(lease));
        byte[] renew = s.renewSecret(Base32.decode(si), Base32.decode(tubid));
        assertEquals(expected, Base32.encode(renew));
        byte[] cancel = s.cancelSecret(Base32.decode(si), Base32.decode(tubid));
        assertEquals(32, cancel.length);
        assertNotEquals(Base32.encode(renew), Base32.encode(cancel));
        assertEquals("LeaseSecrets[redacted]", s.toString());
    }
}
