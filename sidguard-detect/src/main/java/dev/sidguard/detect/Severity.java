package dev.sidguard.detect;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Alert severity, lowest first; written in lowercase. */
public enum Severity {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code low|medium|high|critical}, any case. */
  @JsonCreator
  public static Severity of(String text) {
    return valueOf(text.trim().toUpperCase(Locale.ROOT));
  }

  /** One step lower, never below LOW. */
  public Severity lower() {
    return this == LOW ? LOW : values()[ordinal() - 1];
  }
}
