package io.jobtrail.bootstrap.web;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.EncodedResourceResolver;

/**
 * How the console's files are served: the hashed files under {@code /assets/} never change, so
 * browsers keep them for a year without asking again; their pre-compressed copies (brotli, gzip,
 * made by the web build) are sent to browsers that accept them. {@code index.html} and the other
 * unhashed files are revalidated on every load ({@code spring.web.resources.cache.cachecontrol
 * .no-cache}), so a new release is picked up at once.
 */
@Configuration
public class ConsoleResources implements WebMvcConfigurer {

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry
        .addResourceHandler("/assets/**")
        .addResourceLocations("classpath:/static/assets/")
        .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
        .resourceChain(true)
        .addResolver(new EncodedResourceResolver());
  }
}
