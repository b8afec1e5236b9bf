package dev.sidguard.har;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What counts as a secret and how it is replaced: the built-in {@code default} and {@code strict} policies,
 * or a YAML file that extends one of them (schema in the package documentation).
 */
public final class Policy {

  /** A user-supplied regular expression and the marker kind of what it finds. */
  record CustomPattern(String kind, Pattern regex) {}

  private final String name;
  final NameRules names;
  final NameRules headers;
  final List<CustomPattern> patterns;
  final Set<String> removedShapes;
  final boolean jwtWhole;
  final boolean emails;
  final boolean allHeaderValues;
  private final PolicySpec spec;

  private Policy(String name, PolicySpec spec) {
    this.name = name;
    this.spec = spec;
    this.names = new NameRules(spec.names, spec.nameSuffixes, spec.keepNames, spec.weakNames);
    this.headers = new NameRules(spec.headers, Map.of(), spec.keepHeaders, Set.of());
    List<CustomPattern> list = new ArrayList<>();
    spec.patterns.forEach((kind, regexes) -> regexes.forEach(r -> list.add(new CustomPattern(kind, r))));
    this.patterns = List.copyOf(list);
    this.removedShapes = Set.copyOf(spec.removedShapes);
    this.jwtWhole = spec.jwtWhole;
    this.emails = spec.emails;
    this.allHeaderValues = spec.allHeaderValues;
  }

  private static final class BuiltIns {
    static final Policy DEFAULT = builtIn("default");
    static final Policy STRICT = builtIn("strict");

    private static Policy builtIn(String name) {
      String resource = name + ".yaml";
      try (InputStream in = Policy.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("built-in policy resource missing: " + resource);
        }
        return new Policy(name, PolicySpec.read(in, resource, (ext, key) -> {
          if (ext == null) {
            return null;
          }
          if (!ext.equals("default")) {
            throw new IllegalStateException("built-in policies may only extend default");
          }
          return DEFAULT.spec;
        }));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The built-in default policy: every credential is replaced, everything support needs is kept. */
  public static Policy defaults() {
    return BuiltIns.DEFAULT;
  }

  /** The built-in strict policy: default plus whole JWTs, e-mail addresses, identifiers and most header values. */
  public static Policy strict() {
    return BuiltIns.STRICT;
  }

  /**
   * Loads a YAML policy file that extends {@code default} (when it says nothing) or {@code strict}.
   *
   * @throws HarException naming the file, key and line when the file is missing, unreadable or invalid
   */
  public static Policy load(Path yamlFile) {
    String source = yamlFile.toString();
    try (InputStream in = Files.newInputStream(yamlFile)) {
      PolicySpec spec = PolicySpec.read(in, source, (ext, key) -> {
        if (ext == null || ext.equals("default")) {
          return defaults().spec;
        }
        if (ext.equals("strict")) {
          return strict().spec;
        }
        throw new HarException(source, key.line(), key.column(),
            "extends: expected 'default' or 'strict'");
      });
      return new Policy(source, spec);
    } catch (NoSuchFileException e) {
      throw new HarException(source, 0, 0, "policy file not found");
    } catch (IOException e) {
      throw new HarException(source, 0, 0, "cannot read policy file (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** {@code "default"}, {@code "strict"} (any case), or the path of a YAML policy file. */
  public static Policy resolve(String nameOrPath) {
    return switch (nameOrPath.toLowerCase(Locale.ROOT)) {
      case "default" -> defaults();
      case "strict" -> strict();
      default -> load(Path.of(nameOrPath));
    };
  }

  /** "default", "strict", or the file path the policy was loaded from. */
  public String name() {
    return name;
  }

  boolean shapeEnabled(String kind) {
    return !removedShapes.contains(kind);
  }

  @Override
  public String toString() {
    return "Policy[" + name + "]";
  }
}
