package dev.sidguard.har;

import org.jspecify.annotations.Nullable;

/**
 * A readable location of a value inside one HAR entry, such as {@code request.headers[Cookie].sid} or
 * {@code response.content.text(base64)$.refresh_token}; built as a chain and rendered only on a finding.
 */
record Loc(@Nullable Loc parent, String segment) {

  static final Loc ENTRY = new Loc(null, "");

  static Loc root(String name) {
    return new Loc(null, name);
  }

  Loc field(String name) {
    return new Loc(this, parent == null && segment.isEmpty() ? name : "." + name);
  }

  Loc index(int i) {
    return new Loc(this, "[" + i + "]");
  }

  Loc key(String name) {
    return new Loc(this, "[" + name + "]");
  }

  Loc raw(String text) {
    return new Loc(this, text);
  }

  String render() {
    StringBuilder sb = new StringBuilder();
    appendTo(sb);
    return sb.toString();
  }

  private void appendTo(StringBuilder sb) {
    if (parent != null) {
      parent.appendTo(sb);
    }
    sb.append(segment);
  }

  /** The coarse class used in reports: the rendering up to the first key, index, JSON path or encoding. */
  String locationClass() {
    String s = render();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '[' || c == '$' || c == '(') {
        return s.substring(0, i);
      }
    }
    return s;
  }

  @Override
  public String toString() {
    return render();
  }
}
