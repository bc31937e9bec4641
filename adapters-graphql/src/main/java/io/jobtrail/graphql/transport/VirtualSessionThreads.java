package io.jobtrail.graphql.transport;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Spring for GraphQL sends each WebSocket session's messages from a scheduler of its own ({@code
 * Schedulers.newSingle("GraphQL-WsSession-<id>")}, so one session's sends never overlap): a
 * platform thread per open socket, about 1 MB of stack reserved and a kernel thread each, which
 * bounds how many subscribers one instance holds long before their sockets do. This runs those
 * schedulers on a virtual thread each instead, still one per session, so sends stay serial and a
 * blocking send to a slow client parks only its own session.
 *
 * <p>Reactor lets an application decorate the executor of every scheduler it creates; this
 * decorator replaces the executor of exactly those schedulers (by their name) and leaves every
 * other one as it is.
 */
final class VirtualSessionThreads {

  private static final String KEY = VirtualSessionThreads.class.getName();
  private static final String SESSION_SCHEDULER = "GraphQL-WsSession-";

  private VirtualSessionThreads() {}

  /** Installs the decorator once per JVM (later calls do nothing). */
  static void install() {
    Schedulers.addExecutorServiceDecorator(KEY, VirtualSessionThreads::decorate);
  }

  private static ScheduledExecutorService decorate(
      Scheduler scheduler, ScheduledExecutorService original) {
    if (!scheduler.toString().contains(SESSION_SCHEDULER)) {
      return original;
    }
    original.shutdown(); // Never used: its one thread starts with the first task.
    return Executors.newSingleThreadScheduledExecutor(
        Thread.ofVirtual().name("graphql-ws-session-", 0).factory());
  }
}
