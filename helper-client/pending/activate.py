# Applied once grid + placement are on main: wires GridConnection and DirectUpload into LafsClient.
p='src/main/java/org/lafs/client/LafsClient.java'
s=open(p).read()
s=s.replace('''        grid();
        throw new LafsException(LafsException.Kind.BAD_INPUT, "direct uploads are not available in this build");''','''        GridConnection g = (GridConnection) grid();
        if (config.leaseSecret() == null) {
            throw new LafsException(LafsException.Kind.BAD_INPUT, "direct uploads need the node's lease secret (private/secret)");
        }
        return new org.lafs.client.upload.DirectUpload(g.vertx(), g.workers(), g.uploadServers(), records,
                config.parameters(), config.convergenceSecret(), config.leaseSecret(),
                new Throttle(config.throttleBytesPerSecond()), progress).upload(file);''')
s=s.replace('''            throw new LafsException(LafsException.Kind.BAD_INPUT, "no grid access in this build");''','''            grid = GridConnection.open(config.serversYaml(), config.readTimeoutMillis());''')
open(p,'w').write(s)
