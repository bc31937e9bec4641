package io.jobtrail.application.consumer;

import io.jobtrail.application.port.in.QueryConsumers;
import io.jobtrail.application.port.out.ConsumerCheckpoints;
import java.time.Clock;
import java.util.List;

/** Reads the consumers' checkpoints, leases and counters. */
public final class ConsumerQueries implements QueryConsumers {

  private final ConsumerCheckpoints checkpoints;
  private final Clock clock;

  public ConsumerQueries(ConsumerCheckpoints checkpoints, Clock clock) {
    this.checkpoints = checkpoints;
    this.clock = clock;
  }

  @Override
  public List<ConsumerStatus> consumers() {
    return checkpoints.statuses(clock.instant());
  }
}
