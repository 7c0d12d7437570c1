package org.lafs.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.format.Base32;
import org.lafs.format.TaggedHash;

class ServersYamlTest {
    static final String NURL = "pb://KUBRiX_Ae2OJURI-HiWhjGJ6XSQnjkgjsx8Mf-MvxOY@127.0.0.1:34259/umwwl3jb5vjfnyisz2mzaxj4nehfri7g#v=1";
    static final String ID = "v0-jbbd2dekrlhjy5sxhgbryljq6ltuaqf5k6yugplntnjsnbdpcfhq";

    @Test
    void readsTahoeLayoutAndRoundTrips(@TempDir Path dir) throws Exception {
        String text = """
                storage:
                  %s:
                    ann:
                      nickname: alpha
                      anonymous-storage-FURL: pb://dizods32riicwje4xjr5batfna4fqmqv@tcp:127.0.0.1:34259/umwwl3jb5vjfnyisz2mzaxj4nehfri7g
                      anonymous-storage-NURLs:
                        - %s
                  other-server:
                    ann:
                      nickname: beta
                """.formatted(ID, NURL);
        Path f = dir.resolve("servers.yaml");
        Files.writeString(f, text);
        List<ServerInfo> servers = ServersYaml.read(f);
        assertEquals(2, servers.size());
        ServerInfo a = servers.get(0);
        assertEquals(ID, a.serverId());
        assertEquals("alpha", a.nickname());
        assertEquals(NURL, a.nurl().format());
        assertArrayEquals(Base32.decode("dizods32riicwje4xjr5batfna4fqmqv"), a.leaseSeed());
        // rule 2: v0- key bytes
        assertArrayEquals(Base32.decode(ID.substring(3)), a.permutationSeed());
        // rule 3: sha256 of the id
        assertArrayEquals(TaggedHash.sha256().digest("other-server".getBytes()), servers.get(1).permutationSeed());
        assertFalse(a.toString().contains("umwwl3jb"));

        ServersYaml.write(f, servers);
        assertEquals(servers, ServersYaml.read(f));
    }

    @Test
    void singleNurl(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("nurl");
        Files.writeString(f, NURL + "\n");
        List<ServerInfo> s = ServersYaml.read(f);
        assertEquals(1, s.size());
        assertNull(s.get(0).furl());
        assertEquals(20, s.get(0).leaseSeed().length);
    }

    @Test
    void rejectsGarbage() {
        assertThrows(IllegalArgumentException.class, () -> ServersYaml.parse("storage: [1, 2]"));
        assertThrows(IllegalArgumentException.class, () -> ServersYaml.parse("storage:\n  x:\n    nope: 1\n"));
        assertThrows(IllegalArgumentException.class, () -> ServersYaml.parse("storage:\n  x:\n    ann:\n      anonymous-storage-NURLs: [pb://bad]\n"));
        assertThrows(IllegalArgumentException.class, () -> ServersYaml.parse("{{{"));
    }
}
