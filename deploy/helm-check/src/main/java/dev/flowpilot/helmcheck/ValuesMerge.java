package dev.flowpilot.helmcheck;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Helm's lint takes no values file, so a chart is linted with other values by
 * linting a copy whose values.yaml holds the defaults overlaid with them, the
 * way Helm coalesces values: maps merge key by key, anything else is replaced,
 * and a null removes the key.
 */
final class ValuesMerge {

  private ValuesMerge() {
  }

  /** A temporary copy of {@code chart} whose values.yaml is its own overlaid with {@code overrides}. */
  static Path chartWithValues(Path chart, Path overrides) throws IOException {
    final Path copy = Files.createTempDirectory("flowpilot-helm-check").resolve(chart.getFileName());
    try (Stream<Path> paths = Files.walk(chart)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        final Path target = copy.resolve(chart.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    final Map<String, Object> merged = overlay(load(chart.resolve("values.yaml")), load(overrides));
    final DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    Files.write(copy.resolve("values.yaml"), new Yaml(options).dump(merged).getBytes(StandardCharsets.UTF_8));
    return copy;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> overlay(Map<String, Object> base, Map<String, Object> overrides) {
    final Map<String, Object> result = new LinkedHashMap<>(base);
    for (Map.Entry<String, Object> entry : overrides.entrySet()) {
      final Object current = result.get(entry.getKey());
      final Object next = entry.getValue();
      if (next == null) {
        result.remove(entry.getKey());
      } else if (current instanceof Map && next instanceof Map) {
        result.put(entry.getKey(), overlay((Map<String, Object>) current, (Map<String, Object>) next));
      } else {
        result.put(entry.getKey(), next);
      }
    }
    return result;
  }

  private static Map<String, Object> load(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      final Map<String, Object> values = new Yaml(new LoaderOptions()).load(reader);
      return values == null ? new LinkedHashMap<>() : values;
    }
  }
}
