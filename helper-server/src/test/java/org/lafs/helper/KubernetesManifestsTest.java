package org.lafs.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lafs.helper.config.ConfigLoader;
import org.lafs.helper.config.HelperConfig;
import org.lafs.helper.tls.HelperTls;

/**
 * deploy/kubernetes as shipped: every document validates against the Kubernetes API schemas
 * (npm kubernetes-models under Node), the helper's ConfigMap loads with the real configuration
 * loader once the Secrets are where the pod mounts them, every path it names is mounted, the
 * probes reach /healthz and /readyz on the port it listens on, the image, user and JVM flags
 * agree with the Jib build and the launchers, and the proxy's nginx configuration passes
 * {@code nginx -t} with the routing file and names exactly the per-pod Services.
 */
class KubernetesManifestsTest {
    static final Path ROOT = Path.of(System.getProperty("lafs.root", "..")).toAbsolutePath().normalize();
    static final Path K8S = ROOT.resolve("deploy/kubernetes");
    static final YAMLMapper YAML = new YAMLMapper();
    static final Map<String, JsonNode> DOCS = new HashMap<>(); // "Kind/name" -> document

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws IOException {
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
                    while (it.hasNext()) {
                        JsonNode d = it.next();
                        if (d != null && !d.isNull() && !d.isEmpty()) {
                            DOCS.put(d.get("kind").asText() + "/" + d.get("metadata").get("name").asText(), d);
                        }
                    }
                }
            }
        }
    }

    static JsonNode doc(String key) {
        JsonNode d = DOCS.get(key);
        assertTrue(d != null, "deploy/kubernetes has " + key + " (has " + new TreeSet<>(DOCS.keySet()) + ")");
        return d;
    }

    @Test
    void everyDocumentMatchesTheKubernetesSchemas() throws Exception {
        StockTusClients.ensureInstalled();
        List<String> cmd = new ArrayList<>(List.of("node", StockTusClients.NODE_DIR.resolve("validate-k8s.mjs").toString()));
        try (Stream<Path> files = Files.list(K8S)) {
            files.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(p -> cmd.add(p.toString()));
        }
        Path out = tmp.resolve("validate.out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        String printed = Files.readString(out);
        assertEquals(0, p.exitValue(), printed);
        long ok = printed.lines().filter(l -> l.startsWith("{")).map(JsonObject::new).filter(o -> o.getBoolean("ok")).count();
        assertEquals(DOCS.size(), ok, printed);
    }

    private static JsonNode helperContainer() {
        return doc("StatefulSet/lafs-helper").at("/spec/template/spec/containers/0");
    }

    /** The pod's mounts as mountPath -> volume name. */
    private static Map<String, String> mounts() {
        Map<String, String> m = new HashMap<>();
        helperContainer().get("volumeMounts").forEach(v -> m.put(v.get("mountPath").asText(), v.get("name").asText()));
        return m;
    }

    @Test
    void configLoadsAndEveryPathItNamesIsMounted() throws Exception {
        String yaml = doc("ConfigMap/lafs-helper-config").at("/data/helper.yaml").asText();
        Map<String, String> mounts = mounts();
        // every /etc/lafs-helper or /var/lib/lafs-helper path in the config lies under a mount
        Matcher paths = Pattern.compile("(/(etc|var/lib)/lafs-helper[^\\s#]*)").matcher(yaml);
        int n = 0;
        while (paths.find()) {
            String path = paths.group(1);
            assertTrue(mounts.keySet().stream().anyMatch(m -> path.equals(m) || path.startsWith(m + "/")), path + " is mounted: " + mounts);
            n++;
        }
        assertTrue(n >= 6, "config, state, grid, tokens, lease and TLS paths: " + n);
        assertEquals("state", mounts.get("/var/lib/lafs-helper"), "state on the per-pod claim");
        assertEquals("state", doc("StatefulSet/lafs-helper").at("/spec/volumeClaimTemplates/0/metadata/name").asText());
        // the real loader, with the pod's files under a temporary root (Secrets as mounted)
        Path root = tmp.resolve("pod");
        Path[] tls = HelperTls.ensureSelfSigned(root.resolve("etc/lafs-helper/tls"));
        Files.move(tls[0], root.resolve("etc/lafs-helper/tls/tls.crt"));
        Files.move(tls[1], root.resolve("etc/lafs-helper/tls/tls.key"));
        JsonNode tokens = doc("Secret/lafs-helper-tokens").get("stringData");
        Files.createDirectories(root.resolve("etc/lafs-helper/tokens"));
        tokens.fields().forEachRemaining(e -> write(root.resolve("etc/lafs-helper/tokens").resolve(e.getKey()), e.getValue().asText()));
        Path cfg = root.resolve("etc/lafs-helper/helper.yaml");
        Files.writeString(cfg, yaml.replace("/etc/lafs-helper", root.resolve("etc/lafs-helper").toString())
                .replace("/var/lib/lafs-helper", root.resolve("var/lib/lafs-helper").toString()));
        HelperConfig c = ConfigLoader.load(cfg, Map.of());
        assertEquals("files", c.tlsMode());
        assertEquals(40L << 30, c.spoolQuotaBytes());
        assertEquals(Set.copyOf(iterable(tokens.fieldNames())), Set.copyOf(c.tokens().stream().map(t -> t.name()).toList()),
                "a Secret key for every token the config names");
        // the probes reach the health endpoints over the port and scheme the helper serves
        JsonNode ctr = helperContainer();
        assertEquals(c.listenPort(), ctr.at("/ports/0/containerPort").asInt());
        String portName = ctr.at("/ports/0/name").asText();
        for (String[] probe : new String[][] {{"livenessProbe", "/healthz"}, {"readinessProbe", "/readyz"}, {"startupProbe", "/healthz"}}) {
            JsonNode g = ctr.at("/" + probe[0] + "/httpGet");
            assertEquals(probe[1], g.get("path").asText(), probe[0]);
            assertEquals(portName, g.get("port").asText(), probe[0]);
            assertEquals("HTTPS", g.get("scheme").asText(), probe[0]);
        }
        assertTrue(ctr.at("/resources/requests/memory").isTextual() && ctr.at("/resources/limits/memory").isTextual());
    }

    private static void write(Path p, String s) {
        try {
            Files.writeString(p, s);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }

    @Test
    void imageUserAndJvmFlagsAgreeWithTheBuildAndTheLaunchers() throws Exception {
        String pom = Files.readString(ROOT.resolve("helper-server/pom.xml"));
        String version = pomVersion();
        assertEquals("lafs-helper:" + version, helperContainer().get("image").asText());
        Matcher user = Pattern.compile("<user>(\\d+):(\\d+)</user>").matcher(pom);
        assertTrue(user.find());
        assertEquals(user.group(1), doc("StatefulSet/lafs-helper").at("/spec/template/spec/securityContext/runAsUser").asText());
        assertEquals(user.group(1), doc("StatefulSet/lafs-helper").at("/spec/template/spec/securityContext/fsGroup").asText());
        List<String> jib = new ArrayList<>();
        Matcher f = Pattern.compile("<jvmFlag>([^<]+)</jvmFlag>").matcher(pom);
        while (f.find()) {
            jib.add(f.group(1));
        }
        List<String> launcher = new ArrayList<>(words(ROOT.resolve("bin/_java.sh"), "LAFS_JVM_FLAGS"));
        launcher.addAll(words(ROOT.resolve("bin/_server_jvm.sh"), "LAFS_SERVER_JVM_DEFAULTS"));
        assertEquals(launcher, jib, "the image runs with the launchers' server flags");
    }

    private static String pomVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>lafs-upload-helper</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("helper-server/pom.xml")));
        assertTrue(m.find());
        return m.group(1);
    }

    private static List<String> words(Path file, String var) throws IOException {
        Matcher m = Pattern.compile("(?m)^" + var + "=\"([^\"]+)\"").matcher(Files.readString(file));
        assertTrue(m.find(), var + " in " + file);
        return Arrays.asList(m.group(1).trim().split("\\s+"));
    }

    @Test
    void proxyConfigurationLoadsAndNamesEveryHelper() throws Exception {
        int replicas = doc("StatefulSet/lafs-helper").at("/spec/replicas").asInt();
        String conf = Files.readString(K8S.resolve("nginx/helpers.conf"));
        List<String> servers = new ArrayList<>();
        Matcher s = Pattern.compile("(?m)^\\s*server (lafs-helper-\\d+):3457;").matcher(conf);
        while (s.find()) {
            servers.add(s.group(1));
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            expected.add("lafs-helper-" + i);
            JsonNode svc = doc("Service/lafs-helper-" + i);
            assertEquals("lafs-helper-" + i, svc.at("/spec/selector/statefulset.kubernetes.io~1pod-name").asText());
        }
        assertEquals(expected, servers, "one upstream per replica, by its own Service");
        // nginx -t on it as the proxy pod loads it (conf.d: routing + site), with loopback for the
        // Services' names and a test certificate
        Path ngx = tmp.resolve("nginx");
        Path[] tls = HelperTls.ensureSelfSigned(ngx.resolve("tls"));
        String site = conf.replaceAll("server lafs-helper-\\d+:3457;", "server 127.0.0.1:3457;")
                .replace("/etc/nginx/tls/tls.crt", tls[0].toString()).replace("/etc/nginx/tls/tls.key", tls[1].toString());
        // the lafs-nginx ConfigMap mounted as /etc/nginx/conf.d: both files, read by a glob
        Path confd = Files.createDirectories(ngx.resolve("conf.d"));
        Files.writeString(confd.resolve("helpers.conf"), site);
        Files.copy(ROOT.resolve("deploy/nginx/lafs-si-routing.conf"), confd.resolve("lafs-si-routing.conf"));
        Files.writeString(ngx.resolve("nginx.conf"), "pid " + ngx.resolve("nginx.pid") + ";\nerror_log " + ngx.resolve("error.log")
                + ";\nevents {}\nhttp {\n  include " + confd + "/*.conf;\n}\n");
        String nginx = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
        Path out = tmp.resolve("nginx-t.out");
        Process p = new ProcessBuilder(nginx, "-t", "-p", ngx.toString(), "-c", ngx.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), Files.readString(out));
        assertTrue(Files.readString(out).contains("test is successful"));
    }
}
