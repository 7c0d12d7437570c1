# Sourced by bin/helper-server and bin/storage-server: the JVM defaults servers ship with. The
# container image (helper-server/pom.xml, jib jvmFlags) carries the same flags; ServerJvmFlagsTest
# checks that they agree, and `bin/loadtest rss --jvm shipped` measures them (docs/loadtest.md).
#
# Why: with the Parallel collector and no -Xmx (the JDK's default heap cap is 1/4 of RAM) a
# helper's RSS stayed ~1 GB after 4 x 100 MB concurrent uploads while its live heap was ~22 MB:
# Parallel GC keeps what it committed, and an idle helper runs no collection that could shrink it.
# G1 with a heap cap, and a periodic collection when idle (JEP 346, JDK 12+), gives the memory
# back: -XX:G1PeriodicGCInterval runs a concurrent cycle after that many ms without one, and G1
# uncommits free regions after it, down to what Min/MaxHeapFreeRatio leave. The live set is small
# (docs/helper-design.md: about 9 MiB per upload), so 1 GiB serves dozens of uploads.
# -XX:+ExitOnOutOfMemoryError: a service manager restarts a helper cleanly rather than letting it
# limp on; every acknowledged offset is durable, so uploads resume.
# Set LAFS_SERVER_JVM_FLAGS in the environment to replace them all (LAFS_JAVA_OPTS adds to them).
LAFS_SERVER_JVM_DEFAULTS="-XX:+UseG1GC -Xmx1g -XX:G1PeriodicGCInterval=15000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+ExitOnOutOfMemoryError"
LAFS_GC_FLAGS="${LAFS_SERVER_JVM_FLAGS:-$LAFS_SERVER_JVM_DEFAULTS}"
