package io.jobtrail.application.event;

/**
 * A job's stored history is not the unbroken run of events it must be (an event is missing, or the
 * log is shorter than its recorded head): the data was altered outside Jobtrail. {@code version} is
 * where the damage starts.
 */
public final class HistoryDamaged extends RuntimeException {

  private final long version;

  public HistoryDamaged(long version, String message) {
    super(message, null, false, false);
    this.version = version;
  }

  public long version() {
    return version;
  }
}
