package dev.sidguard.cli;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import java.util.List;

/*
 * serve's HTTP server: Javalin (Jetty) on one address and port, with the routes of each feature
 * plugged in as a Routes object (the Event Hook endpoint, health and metrics; a later web page adds
 * one more). Javalin's banner is off and nothing is logged per request; an exception a handler did
 * not expect becomes a bare 500 whose body names no request content.
 */
final class ServeServer implements AutoCloseable {

  /** One feature's routes. */
  interface Routes {
    void addTo(RoutesConfig routes);
  }

  private final Javalin app;

  private ServeServer(Javalin app) {
    this.app = app;
  }

  /** Binds {@code host:port} (port 0: any free port) and serves {@code routes}; bodies above {@code maxBody} are refused. */
  static ServeServer start(String host, int port, long maxBody, List<Routes> routes) {
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.http.maxRequestSize = maxBody;
      config.jetty.host = host;
      config.jetty.port = port;
      for (Routes r : routes) {
        r.addTo(config.routes);
      }
      config.routes.exception(Exception.class, (e, ctx) -> ctx.status(500).result("internal error\n"));
    });
    app.start();
    return new ServeServer(app);
  }

  int port() {
    return app.port();
  }

  /** Stops accepting connections and waits for requests in progress. */
  @Override
  public void close() {
    app.stop();
  }
}
