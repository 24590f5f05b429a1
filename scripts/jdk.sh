# Sourced by ./splat and scripts/test: sets SPLAT_JAVA_HOME to a JDK 25 or newer, or fails
# with a message saying how to get one. Order: $SPLAT_JAVA_HOME, $JAVA_HOME, the Temurin 25
# install every machine here has, any /usr/lib/jvm/*25*, then `java` on the PATH.

_splat_java_major() { # prints the feature version of the java binary in $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}

splat_find_jdk() {
  local cand major
  for cand in "${SPLAT_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* \
              "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$cand" ] && [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
    major=$(_splat_java_major "$cand/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      SPLAT_JAVA_HOME="$cand"
      export SPLAT_JAVA_HOME
      return 0
    fi
  done
  echo "splat: needs a JDK 25 or newer (found none). Install Temurin 25 and set JAVA_HOME or SPLAT_JAVA_HOME to it," >&2
  echo "       e.g. export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64" >&2
  return 1
}

# The JVM flags every Splatforge process needs; keep in step with splat.jvm.flags in pom.xml.
SPLAT_JVM_FLAGS=(--add-modules=jdk.incubator.vector --add-opens=java.base/java.nio=ALL-UNNAMED
                 --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
                 -XX:MaxRAMPercentage=75 -XX:+UseParallelGC)
