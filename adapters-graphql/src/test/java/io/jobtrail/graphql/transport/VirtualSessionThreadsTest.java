package io.jobtrail.graphql.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** A WebSocket session's scheduler runs on one virtual thread; other schedulers are untouched. */
class VirtualSessionThreadsTest {

  @Test
  void givenTheDecorator_whenASessionSchedulerRuns_thenOnOneVirtualThreadInOrder()
      throws Exception {
    VirtualSessionThreads.install();
    Scheduler session = Schedulers.newSingle("GraphQL-WsSession-test");
    try {
      var first = new CompletableFuture<Thread>();
      var second = new CompletableFuture<Thread>();
      session.schedule(() -> first.complete(Thread.currentThread()));
      session.schedule(() -> second.complete(Thread.currentThread()), 10, TimeUnit.MILLISECONDS);

      assertThat(first.get(5, TimeUnit.SECONDS).isVirtual()).isTrue();
      assertThat(second.get(5, TimeUnit.SECONDS)).isSameAs(first.get());
    } finally {
      session.dispose();
    }
  }

  @Test
  void givenTheDecorator_whenAnotherSingleSchedulerRuns_thenOnItsOwnPlatformThread()
      throws Exception {
    VirtualSessionThreads.install();
    Scheduler other = Schedulers.newSingle("something-else");
    try {
      var ran = new CompletableFuture<Thread>();
      other.schedule(() -> ran.complete(Thread.currentThread()));

      assertThat(ran.get(5, TimeUnit.SECONDS).isVirtual()).isFalse();
      assertThat(ran.get().getName()).startsWith("something-else");
    } finally {
      other.dispose();
    }
  }
}
