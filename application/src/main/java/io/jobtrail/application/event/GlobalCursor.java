package io.jobtrail.application.event;

/**
 * A place in the global log. The global order is (writing transaction, position): a reader only
 * reads events whose transaction is older than every transaction still running, so each event is
 * read exactly once even when transactions commit out of position order. Its text form {@code
 * <transaction>-<position>} is the resume token the API hands out.
 */
public record GlobalCursor(long transactionId, long position) implements Comparable<GlobalCursor> {

  public static final GlobalCursor START = new GlobalCursor(0, 0);

  public GlobalCursor {
    if (transactionId < 0 || position < 0) {
      throw new IllegalArgumentException("a cursor has no negative parts");
    }
  }

  /**
   * @throws IllegalArgumentException if the text is not a cursor this API handed out
   */
  public static GlobalCursor parse(String text) {
    int dash = text.indexOf('-');
    try {
      if (dash > 0) {
        return new GlobalCursor(
            Long.parseLong(text.substring(0, dash)), Long.parseLong(text.substring(dash + 1)));
      }
    } catch (NumberFormatException e) {
      // fall through to the explanation below
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not an event cursor: pass the cursor of the last event you received");
  }

  @Override
  public int compareTo(GlobalCursor other) {
    int byTransaction = Long.compare(transactionId, other.transactionId);
    return byTransaction != 0 ? byTransaction : Long.compare(position, other.position);
  }

  @Override
  public String toString() {
    return transactionId + "-" + position;
  }
}
