package io.jobtrail.graphql.limits;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.stereotype.Component;

/**
 * Parses and validates each distinct document once: clients send the same few documents over and
 * over, and parsing plus validation cost more than the command they carry. Only valid documents are
 * kept (so hostile input cannot fill the cache), at most {@value #MAX_ENTRIES}; the depth and
 * complexity limits run at execution and so still apply to every request.
 */
@Component
public class ParsedDocumentCache
    implements PreparsedDocumentProvider, GraphQlSourceBuilderCustomizer {

  private static final int MAX_ENTRIES = 500;

  private final Map<String, PreparsedDocumentEntry> documents = new ConcurrentHashMap<>();

  @Override
  public void customize(GraphQlSource.SchemaResourceBuilder builder) {
    builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(this));
  }

  @Override
  public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(
      ExecutionInput input, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
    PreparsedDocumentEntry cached = documents.get(input.getQuery());
    if (cached != null) {
      return CompletableFuture.completedFuture(cached);
    }
    PreparsedDocumentEntry entry = parseAndValidate.apply(input);
    if (!entry.hasErrors()) {
      if (documents.size() >= MAX_ENTRIES) {
        documents.clear();
      }
      documents.put(input.getQuery(), entry);
    }
    return CompletableFuture.completedFuture(entry);
  }
}
