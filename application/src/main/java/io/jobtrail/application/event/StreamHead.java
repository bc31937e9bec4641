package io.jobtrail.application.event;

import org.jspecify.annotations.Nullable;

/**
 * Where a job's stream ends: its version and the hash of its last event. An append names the head
 * it expects; a different head means another writer got there first.
 */
public record StreamHead(long version, @Nullable String lastHash) {

  public static final StreamHead EMPTY = new StreamHead(0, null);

  public StreamHead {
    if (version < 0 || (version == 0) != (lastHash == null)) {
      throw new IllegalArgumentException("inconsistent stream head: " + version + "/" + lastHash);
    }
  }
}
