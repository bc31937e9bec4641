package io.jobtrail.bootstrap.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wake-ups for readers of the log that start after the event signals (the durable consumers): each
 * registers once it exists, so a notification arriving while the application starts never creates
 * one on the signals' thread.
 */
public final class LogWakeUps implements Runnable {

  private final List<Runnable> wakeUps = new CopyOnWriteArrayList<>();

  void add(Runnable wakeUp) {
    wakeUps.add(wakeUp);
  }

  @Override
  public void run() {
    wakeUps.forEach(Runnable::run);
  }
}
