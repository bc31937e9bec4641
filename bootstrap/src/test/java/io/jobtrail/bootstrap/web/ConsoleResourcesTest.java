package io.jobtrail.bootstrap.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.bootstrap.api.RunningJobtrail;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The console's files: index.html revalidated, hashed assets immutable and sent compressed. */
class ConsoleResourcesTest extends RunningJobtrail {

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<byte[]> get(String path, String acceptEncoding) throws Exception {
    var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    if (!acceptEncoding.isEmpty()) {
      request.header("Accept-Encoding", acceptEncoding);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private String mainScript() throws Exception {
    String index = new String(get("/", "").body());
    var matcher = Pattern.compile("assets/index-[A-Za-z0-9_-]+\\.js").matcher(index);
    assertThat(matcher.find()).as("index.html names its script").isTrue();
    return "/" + matcher.group();
  }

  @Test
  void givenTheConsolePage_whenLoaded_thenItIsRevalidatedEveryTime() throws Exception {
    HttpResponse<byte[]> index = get("/", "");

    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(new String(index.body())).contains("<div id=\"root\">");
    assertThat(index.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(value -> assertThat(value).contains("no-cache"));
  }

  @Test
  void givenAHashedAsset_whenLoaded_thenCachedForAYearAndSentCompressed() throws Exception {
    String script = mainScript();

    HttpResponse<byte[]> brotli = get(script, "br, gzip");
    HttpResponse<byte[]> gzip = get(script, "gzip");
    HttpResponse<byte[]> plain = get(script, "");

    assertThat(brotli.statusCode()).isEqualTo(200);
    assertThat(brotli.headers().firstValue("Content-Encoding")).contains("br");
    assertThat(gzip.headers().firstValue("Content-Encoding")).contains("gzip");
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(brotli.body().length).isLessThan(plain.body().length / 2);
    assertThat(brotli.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(
            value -> assertThat(value).contains("max-age=31536000").contains("immutable"));
    assertThat(brotli.headers().firstValue("Vary"))
        .hasValueSatisfying(value -> assertThat(value).containsIgnoringCase("Accept-Encoding"));
  }
}
