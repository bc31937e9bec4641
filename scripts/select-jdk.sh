# Sourced by ./jobtrail and .ci/run: make JAVA_HOME point at a JDK 21 or newer.
# Keeps a JAVA_HOME that is already new enough; otherwise takes the newest JDK in /usr/lib/jvm.

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
  :
elif command -v java >/dev/null 2>&1 \
  && home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")" \
  && [ "$(java_major "$home")" -ge 21 ] 2>/dev/null; then
  export JAVA_HOME="$home"
else
  best=""
  best_major=0
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major="$(java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "Jobtrail needs a JDK 21 or newer: install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME" >&2
    exit 1
  fi
  export JAVA_HOME="$best"
fi
export PATH="$JAVA_HOME/bin:$PATH"
