package io.jobtrail.application.port.in;

import io.jobtrail.application.consumer.ConsumerStatus;
import java.util.List;

/** The durable consumers of the log (alerts, publishing), as the cluster sees them. */
public interface QueryConsumers {

  /** Every consumer that has ever run, by name, with its lag and counters. */
  List<ConsumerStatus> consumers();
}
