package io.jobtrail.graphql.live;

import graphql.ExecutionResult;
import graphql.GraphQLContext;
import graphql.GraphQLError;
import graphql.execution.SubscriptionExecutionStrategy;
import graphql.language.Argument;
import graphql.language.Field;
import graphql.language.Node;
import graphql.language.NodeTraverser;
import graphql.language.NodeVisitorStub;
import graphql.language.VariableReference;
import graphql.schema.DataFetchingEnvironment;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.live.EventHub;
import io.jobtrail.domain.job.JobId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.ExecutionGraphQlService;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.support.DefaultExecutionGraphQlRequest;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.RawValue;

/**
 * The live part of an event subscription over WebSocket, executed once per job (or once for all
 * jobs) and subscription document, and shared: every subscriber with the same document gets the
 * same result, already encoded as JSON, and its own work is to queue it and send it. Subscribers of
 * one job with one document form a group; the group holds one registration with the {@link
 * EventHub} and one GraphQL execution of that document over the live events, and ends with its last
 * subscriber.
 *
 * <p>Each subscriber still reads its own history (from its own cursor) through its own execution:
 * it joins its group before that read, the group queues what it renders from then on, and after the
 * history that queue is appended to the subscriber's stream, without the events the history already
 * held. The queue is the subscriber's {@link LiveQueue}: one that falls behind gets {@code RESYNC},
 * the others go on. If the group itself falls behind (its one execution cannot keep up with the
 * job), every subscriber in it gets {@code RESYNC}.
 *
 * <p>Documents are the same when their text, operation and the variables the result can depend on
 * are: the variables in the subscribed field's own arguments (the job, the resume cursor) only
 * choose what is delivered, and are not part of it.
 *
 * <p>The pieces meet in the GraphQL context: this interceptor puts a {@link Ticket} there for every
 * WebSocket request, a subscription field that can share calls {@link #live} with it, and the
 * group's own execution finds its event source there ({@link #groupSource}).
 */
@Component
@Order(15) // Inside the per-connection subscription cap, which must count the whole stream.
public class SharedLiveResults implements WebGraphQlInterceptor {

  private static final Logger log = LoggerFactory.getLogger(SharedLiveResults.class);
  private static final String TICKET = SharedLiveResults.class.getName() + ".ticket";
  private static final String SOURCE = SharedLiveResults.class.getName() + ".source";

  private final EventHub hub;
  private final LiveEvents.Limits limits;
  private final ObjectProvider<ExecutionGraphQlService> graphQl;
  private final JsonMapper json;

  /** Guarded by itself: joining and leaving are rare next to deliveries. */
  private final Map<Key, Group> groups = new HashMap<>();

  public SharedLiveResults(
      EventHub hub,
      LiveEvents.Limits limits,
      ObjectProvider<ExecutionGraphQlService> graphQl,
      JsonMapper json) {
    this.hub = hub;
    this.limits = limits;
    this.graphQl = graphQl;
    this.json = json;
  }

  @Override
  public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
    if (!(request instanceof WebSocketGraphQlRequest)) {
      return chain.next(request);
    }
    var ticket =
        new Ticket(request.getDocument(), request.getOperationName(), request.getVariables());
    request.configureExecutionInput(
        (input, builder) -> builder.graphQLContext(Map.of(TICKET, ticket)).build());
    return chain
        .next(request)
        .map(
            response -> {
              if (!(response.getExecutionResult().getData() instanceof Publisher<?> own)) {
                return response;
              }
              Flux<Object> whole =
                  Flux.concat(Flux.from(own), Flux.defer(ticket::sharedTail))
                      .doFinally(signal -> ticket.leave());
              return response.transform(builder -> builder.data(whole));
            });
  }

  /** The live events a subscription field delivers after its history, and how to let them go. */
  /**
   * What a subscription field's own execution delivers after the history (the subscriber's own live
   * events, or none when they come from its group instead), and how to let them go.
   */
  public record LiveTail(Flux<RecordedEvent> events, Runnable release) {}

  /**
   * Registers the live part of a subscription to one job ({@code jobId}) or all jobs ({@code null})
   * now, before the caller reads its history, so nothing published from now on is missed. Over
   * WebSocket it joins the group for this document; otherwise the subscriber has its own.
   *
   * @param unseen whether an event is not in the history the caller read (checked after the
   *     history, as the live events are delivered)
   */
  public LiveTail live(
      DataFetchingEnvironment environment, @Nullable JobId jobId, Predicate<RecordedEvent> unseen) {
    Ticket ticket = environment.getGraphQlContext().get(TICKET);
    if (ticket == null) {
      LiveEvents own =
          jobId == null ? LiveEvents.ofAllJobs(hub, limits) : LiveEvents.ofJob(hub, jobId, limits);
      return new LiveTail(own.flux().concatMapIterable(batch -> batch).filter(unseen), own::close);
    }
    ticket.join(new Key(jobId, ticket, usedVariables(environment, ticket.variables())), unseen);
    // The interceptor appends the group's results, and lets the group go when the stream ends.
    return new LiveTail(Flux.empty(), () -> {});
  }

  /**
   * The events a group's own execution of the document delivers, or null when this is not that
   * execution.
   */
  public static @Nullable Flux<RecordedEvent> groupSource(GraphQLContext context) {
    return context.get(SOURCE);
  }

  /** The groups now open for one job ({@code null}: for all jobs). */
  public int groupCount(@Nullable JobId jobId) {
    synchronized (groups) {
      return (int)
          groups.keySet().stream()
              .filter(key -> java.util.Objects.equals(key.jobId(), jobId))
              .count();
    }
  }

  private record Key(
      @Nullable JobId jobId,
      String document,
      @Nullable String operationName,
      Map<String, Object> variables) {

    Key(@Nullable JobId jobId, Ticket ticket, Map<String, Object> variables) {
      this(jobId, ticket.document(), ticket.operationName(), variables);
    }
  }

  /** An event and what its group's execution made of it. */
  private record Rendered(RecordedEvent event, ExecutionResult result) {}

  /** The variables the document uses anywhere but in the subscribed field's own arguments. */
  private static Map<String, Object> usedVariables(
      DataFetchingEnvironment environment, Map<String, Object> variables) {
    if (variables.isEmpty()) {
      return Map.of();
    }
    Field field = environment.getField();
    Set<Node<?>> ownArguments = Collections.newSetFromMap(new IdentityHashMap<>());
    ownArguments.addAll(field.getArguments());
    var names = new HashSet<String>();
    new NodeTraverser()
        .depthFirst(
            new NodeVisitorStub() {
              @Override
              public TraversalControl visitArgument(Argument node, TraverserContext<Node> context) {
                return ownArguments.contains(node)
                    ? TraversalControl.ABORT
                    : TraversalControl.CONTINUE;
              }

              @Override
              public TraversalControl visitVariableReference(
                  VariableReference node, TraverserContext<Node> context) {
                names.add(node.getName());
                return TraversalControl.CONTINUE;
              }
            },
            environment.getDocument());
    var used = new HashMap<String, Object>();
    variables.forEach(
        (name, value) -> {
          if (names.contains(name)) {
            used.put(name, value);
          }
        });
    return used;
  }

  /** One WebSocket request, and the group it joined if its field shares. */
  private final class Ticket {

    private final String document;
    private final @Nullable String operationName;
    private final Map<String, Object> variables;
    private @Nullable Member member;

    Ticket(String document, @Nullable String operationName, Map<String, Object> variables) {
      this.document = document;
      this.operationName = operationName;
      this.variables = variables;
    }

    String document() {
      return document;
    }

    @Nullable String operationName() {
      return operationName;
    }

    Map<String, Object> variables() {
      return variables;
    }

    synchronized void join(Key key, Predicate<RecordedEvent> unseen) {
      if (member != null) {
        throw new IllegalStateException("one subscription joins one group");
      }
      member = SharedLiveResults.this.join(key, this, unseen);
    }

    synchronized Flux<ExecutionResult> sharedTail() {
      return member == null ? Flux.empty() : member.results();
    }

    synchronized void leave() {
      if (member != null) {
        member.leave();
      }
    }
  }

  private Member join(Key key, Ticket first, Predicate<RecordedEvent> unseen) {
    synchronized (groups) {
      Group group = groups.get(key);
      if (group == null) {
        group = new Group(key);
        try {
          group.start(first);
        } catch (RuntimeException e) {
          group.stop(); // Never listed: the next subscriber starts a group of its own.
          throw e;
        }
        if (group.failure != null) {
          // Failed as it started (its execution answered with an error at once): not listed.
          throw new IllegalStateException("a shared live execution failed", group.failure);
        }
        groups.put(key, group);
      }
      var member = new Member(group, unseen);
      group.members.add(member);
      return member;
    }
  }

  private void leave(Member member) {
    synchronized (groups) {
      Group group = member.group;
      group.members.remove(member);
      if (group.members.isEmpty() && groups.get(group.key) == group) {
        groups.remove(group.key);
        group.stop();
      }
    }
  }

  /** The subscribers of one job (or all jobs) with one document, and their one execution. */
  private final class Group {

    private final Key key;
    private final List<Member> members = new CopyOnWriteArrayList<>();
    private final LiveEvents live;
    private @Nullable Disposable execution;

    /** Why the group ended, once it has (its subscribers resume from their cursors). */
    private volatile @Nullable Throwable failure;

    Group(Key key) {
      this.key = key;
      this.live =
          key.jobId() == null
              ? LiveEvents.ofAllJobs(hub, limits)
              : LiveEvents.ofJob(hub, key.jobId(), limits);
    }

    /** Starts the one execution, with the first subscriber's document and variables. */
    void start(Ticket first) {
      // The events being executed, in order: graphql-java keeps them in order
      // (KEEP_SUBSCRIPTION_EVENTS_ORDERED) and gives one result per event.
      Queue<RecordedEvent> executing = new ConcurrentLinkedQueue<>();
      Queue<Boolean> lastOfBatch = new ConcurrentLinkedQueue<>();
      Flux<RecordedEvent> source =
          live.flux()
              .concatMapIterable(
                  batch -> {
                    for (int i = 0; i < batch.size(); i++) {
                      executing.add(batch.get(i));
                      lastOfBatch.add(i == batch.size() - 1);
                    }
                    return batch;
                  });
      var request =
          new DefaultExecutionGraphQlRequest(
              first.document(),
              first.operationName(),
              first.variables(),
              Map.of(),
              "shared-" + key.hashCode(),
              Locale.ROOT);
      request.configureExecutionInput(
          (input, builder) ->
              builder
                  .graphQLContext(
                      Map.of(
                          SOURCE,
                          source,
                          SubscriptionExecutionStrategy.KEEP_SUBSCRIPTION_EVENTS_ORDERED,
                          true))
                  .build());
      var batch = new ArrayList<Rendered>();
      execution =
          graphQl
              .getObject()
              .execute(request)
              .flatMapMany(
                  response ->
                      response.getExecutionResult().getData() instanceof Publisher<?> results
                          ? Flux.from(results).cast(ExecutionResult.class)
                          : Flux.error(
                              new IllegalStateException(
                                  "a shared execution answered without a stream: "
                                      + response.getErrors())))
              .subscribe(
                  result -> {
                    batch.add(new Rendered(executing.remove(), encodedOnce(result)));
                    if (lastOfBatch.remove()) {
                      List<Rendered> rendered = List.copyOf(batch);
                      batch.clear();
                      members.forEach(member -> member.queue.offer(rendered));
                    }
                  },
                  this::fail,
                  () -> fail(new IllegalStateException("a shared execution ended")));
    }

    private void fail(Throwable error) {
      failure = error;
      synchronized (groups) {
        if (groups.get(key) == this) {
          groups.remove(key);
        }
      }
      if (!reactor.core.Exceptions.isOverflow(error)) {
        log.warn(
            "a shared live execution failed; its subscribers resume from their cursors", error);
      }
      members.forEach(member -> member.queue.fail(error));
      live.close();
    }

    void stop() {
      if (execution != null) {
        execution.dispose();
      }
      live.close();
    }

    /**
     * The result with its data encoded once: each subscriber's message then copies the bytes. A
     * result with errors is shared as it is.
     */
    private ExecutionResult encodedOnce(ExecutionResult result) {
      List<GraphQLError> errors = result.getErrors();
      if (!errors.isEmpty() || !result.isDataPresent() || result.getExtensions() != null) {
        return result;
      }
      return new EncodedResult(result, new RawValue(json.writeValueAsString(result.getData())));
    }
  }

  /** A result whose data is already JSON: its wire form copies those characters. */
  private static final class EncodedResult implements ExecutionResult {

    private final ExecutionResult result;
    private final Map<String, Object> specification;

    EncodedResult(ExecutionResult result, RawValue data) {
      this.result = result;
      this.specification = Map.of("data", data);
    }

    @Override
    public List<GraphQLError> getErrors() {
      return result.getErrors();
    }

    @Override
    public <T> T getData() {
      return result.getData();
    }

    @Override
    public boolean isDataPresent() {
      return true;
    }

    @Override
    public @Nullable Map<Object, Object> getExtensions() {
      return result.getExtensions();
    }

    @Override
    public Map<String, Object> toSpecification() {
      return specification;
    }
  }

  /** One subscriber in a group. */
  private final class Member {

    private final Group group;
    private final Predicate<RecordedEvent> unseen;
    private final LiveQueue<List<Rendered>> queue;

    Member(Group group, Predicate<RecordedEvent> unseen) {
      this.group = group;
      this.unseen = unseen;
      this.queue = new LiveQueue<>(limits, this::leave);
    }

    Flux<ExecutionResult> results() {
      return queue
          .flux()
          .concatMapIterable(rendered -> rendered)
          .filter(rendered -> unseen.test(rendered.event()))
          .map(Rendered::result);
    }

    void leave() {
      SharedLiveResults.this.leave(this);
    }
  }
}
