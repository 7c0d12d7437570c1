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
LAFS_JVM_FLAGS="--add-modules jdk.incubator.vector -XX:+UseParallelGC"

# lafs_launch MODULE MAIN-CLASS ARGS...: (re)builds MODULE when its jar is missing or older than
# the sources, then runs MAIN-CLASS on the module's class path.
lafs_launch() {
  local module="$1" main="$2"; shift 2
  local jar="$lafs_root/$module/target/$module-0.1.0-SNAPSHOT.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$lafs_root"/*/src/main "$lafs_root"/*/pom.xml "$lafs_root/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]; then
    echo "building $module (first run or sources changed)..." >&2
    (cd "$lafs_root" && mvn -B -q -DskipTests -pl "$module" -am package >&2) || { echo "error: build of $module failed" >&2; exit 1; }
  fi
  exec "$LAFS_JAVA" $LAFS_JVM_FLAGS ${LAFS_JAVA_OPTS:-} -cp "$jar:$lafs_root/$module/target/lib/*" "$main" "$@"
}
