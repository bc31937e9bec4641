package io.jobtrail.graphql.execution;

import java.lang.reflect.Method;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.KotlinDetector;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.graphql.data.method.HandlerMethod;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.support.AnnotatedControllerConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Runs the controller methods of {@code Query} and {@code Mutation} fields on the thread that
 * executes the request, instead of handing each to the application's executor as Spring for GraphQL
 * does for every blocking controller method when virtual threads are on.
 *
 * <p>Why: over HTTP that hand-off meant the execution finished on another thread, so the answer was
 * not ready when the handler returned and Spring MVC answered through a servlet async dispatch (a
 * second pass through the filter chain, Tomcat's async machinery, two more thread switches). The
 * request already runs on a virtual thread of its own, so blocking there costs nothing; with the
 * field run in place, the execution is complete when the handler returns and Spring MVC writes the
 * answer at once. Mutation fields run one after another anyway, so they lose nothing; a query with
 * several blocking top-level fields now runs them one after another instead of side by side.
 *
 * <p>Fields of other types keep the executor: they may run inside a subscription's events, on the
 * thread that delivers events to many subscribers, which must not wait for a field's database read.
 * A document that selects one of them in an answer still works; it is answered through the async
 * dispatch as before. See ADR 46.
 */
@Component
public class RootFieldsOnCallingThread implements BeanPostProcessor {

  static final Set<String> ROOT_TYPES = Set.of("Query", "Mutation");

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean instanceof AnnotatedControllerConfigurer configurer) {
      configurer.setBlockingMethodPredicate(RootFieldsOnCallingThread::onExecutor);
    }
    return bean;
  }

  /**
   * Spring for GraphQL's own rule (a method that returns no reactive type and is no Kotlin suspend
   * function is blocking, and runs on the executor), except for fields of the root types.
   */
  static boolean onExecutor(HandlerMethod handler) {
    Method method = handler.getMethod();
    Class<?> returned = handler.getReturnType().getParameterType();
    boolean blocking =
        ReactiveAdapterRegistry.getSharedInstance().getAdapter(returned) == null
            && !KotlinDetector.isSuspendingFunction(method);
    return blocking && !ROOT_TYPES.contains(typeName(handler));
  }

  /** The type whose field the method serves: the method's mapping, else its class's. */
  static @Nullable String typeName(HandlerMethod handler) {
    SchemaMapping onMethod =
        AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), SchemaMapping.class);
    if (onMethod != null && StringUtils.hasText(onMethod.typeName())) {
      return onMethod.typeName();
    }
    SchemaMapping onClass =
        AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), SchemaMapping.class);
    return onClass != null && StringUtils.hasText(onClass.typeName()) ? onClass.typeName() : null;
  }
}
