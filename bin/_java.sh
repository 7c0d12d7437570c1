# Sourced by the bin/ launchers. Picks the JDK and builds the module jars on first use.
# JAVA: $JAVA_HOME/bin/java when JAVA_HOME is set, otherwise the newest JDK under /usr/lib/jvm
# (the Vector API codec path needs Java 21+; Java 17 runs the scalar path).

lafs_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

lafs_java_feature() { # prints the feature version (17, 21, 25) of a java binary
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1
}

lafs_find_java_home() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then echo "$JAVA_HOME"; return; fi
  local best="" best_v=0 d v
  for d in /usr/lib/jvm/*/; do
    d="${d%/}"
    [ -x "$d/bin/javac" ] || continue
    [ -L "$d" ] && continue
    v="$(lafs_java_feature "$d/bin/java")"
    [[ "$v" =~ ^[0-9]+$ ]] || continue
    if [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  if [ -z "$best" ]; then best="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"; fi
  echo "$best"
}

lafs_find_jdk17_java() { # a Java 17 binary for the second codec test run, or nothing
  local d
  for d in /usr/lib/jvm/*/; do
    d="${d%/}"
    [ -x "$d/bin/java" ] || continue
    if [ "$(lafs_java_feature "$d/bin/java")" = "17" ]; then echo "$d/bin/java"; return; fi
  done
}

export JAVA_HOME="$(lafs_find_java_home)"
LAFS_JAVA="$JAVA_HOME/bin/java"
# Maven 3.8's bundled Guava touches sun.misc.Unsafe, which JDK 24+ warns about on every build.
if [ "$(lafs_java_feature "$LAFS_JAVA")" -ge 24 ] 2>/dev/null; then
  case " ${MAVEN_OPTS:-} " in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
fi
LAFS_JVM_FLAGS="--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED"
# Collector and heap: Parallel GC for the client and the load tests (short-lived, throughput);
# bin/helper-server and bin/storage-server source _server_jvm.sh, which sets the servers' defaults.
LAFS_GC_FLAGS="${LAFS_GC_FLAGS:--XX:+UseParallelGC}"

# lafs_launch MODULE MAIN-CLASS ARGS...: (re)builds MODULE when its jar is missing or older than
# the sources, then runs MAIN-CLASS on the module's class path.
lafs_launch() {
  local module="$1" main="$2"; shift 2
  local jar="$lafs_root/$module/target/$module-0.1.0-SNAPSHOT.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$lafs_root"/*/src/main "$lafs_root"/*/pom.xml "$lafs_root/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]; then
    echo "building $module (first run or sources changed)..." >&2
    local log; log="$(mktemp)"
    if ! (cd "$lafs_root" && mvn -B -q -Dstyle.color=never -DskipTests -pl "$module" -am package) >"$log" 2>&1; then
      cat "$log" >&2; rm -f "$log"; echo "error: build of $module failed" >&2; exit 1
    fi
    rm -f "$log"
  fi
  local cp="$jar:$lafs_root/$module/target/lib/*"
  if [ -t 2 ]; then
    exec "$LAFS_JAVA" $LAFS_JVM_FLAGS $LAFS_GC_FLAGS ${LAFS_JAVA_OPTS:-} -Dlafs.root="$lafs_root" -cp "$cp" "$main" "$@"
  fi
  # Not a terminal (scripts, CI): drop the JVM's fixed notice about the incubator module so that
  # an error stays the one line our programs print.
  exec "$LAFS_JAVA" $LAFS_JVM_FLAGS $LAFS_GC_FLAGS ${LAFS_JAVA_OPTS:-} -Dlafs.root="$lafs_root" -cp "$cp" "$main" "$@" \
    2> >(grep -v --line-buffered '^WARNING: Using incubator modules: jdk.incubator.vector$' >&2)
}
