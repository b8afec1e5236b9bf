package dev.sidguard.har;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/*
 * The one Jackson configuration for HAR input and output. Limits: nesting 1000 deep (a 100,000-deep
 * document fails fast with a clear error instead of a stack overflow), strings up to 1 G chars (a HAR body
 * of several hundred MB must work; memory is then bounded by that one string), names up to 50,000 chars.
 * Floating point values are parsed and written with the fast double parser/writer.
 */
final class HarJson {

  static final int MAX_DEPTH = 1000;
  static final int MAX_STRING = 1_000_000_000;

  static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxStringLength(MAX_STRING)
          .maxNameLength(50_000)
          .build())
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
      .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .build();

  static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
      .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private HarJson() {}
}
