package io.jobtrail.bootstrap.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's client-side routes all load the single page. */
@Controller
public class ConsoleRoutes {

  @GetMapping({"/jobs", "/jobs/**", "/compare"})
  public String console() {
    return "forward:/index.html";
  }
}
