package dev.flowpilot.helmcheck;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Validates the Flowpilot chart with Helm itself (helm-java embeds Helm's Go
 * code): {@code helm lint --strict} and {@code helm template} with the chart's
 * default values and with a production values file. The rendered manifests
 * are written to the output folder for the structural and schema checks.
 *
 * <p>Usage: {@code HelmCheck <chart-dir> <production-values.yaml> <output-dir>}.
 * Exits 1 when a lint reports an error or a warning, or a template fails.
 */
public final class HelmCheck {

  private static final String RELEASE = "flowpilot";
  private static final String NAMESPACE = "flowpilot";
  private static final String KUBE_VERSION = "v1.31.0";
  private static final Pattern KIND = Pattern.compile("(?m)^kind: (\\S+)$");

  private HelmCheck() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: HelmCheck <chart-dir> <production-values.yaml> <output-dir>");
      System.exit(2);
    }
    final Path chart = Paths.get(args[0]).toAbsolutePath().normalize();
    final Path productionValues = Paths.get(args[1]).toAbsolutePath().normalize();
    final Path output = Files.createDirectories(Paths.get(args[2]).toAbsolutePath().normalize());

    boolean ok = lint("default values", chart);
    final Path productionChart = ValuesMerge.chartWithValues(chart, productionValues);
    try {
      ok &= lint("production values", productionChart);
    } finally {
      deleteTree(productionChart.getParent());
    }
    ok &= render("default values", new Helm(chart).template(), output.resolve("default.yaml"));
    ok &= render("production values", new Helm(chart).template().withValuesFile(productionValues), output.resolve("production.yaml"));
    System.out.println(ok ? "helm-check: OK" : "helm-check: FAILED");
    System.exit(ok ? 0 : 1);
  }

  private static boolean lint(String label, Path chart) {
    final LintResult result = new Helm(chart).lint().strict().call();
    System.out.printf("helm lint --strict (%s): %s, %d message(s)%n", label, result.isFailed() ? "FAILED" : "passed", result.getMessages().size());
    result.getMessages().forEach(message -> System.out.println("  " + message));
    return !result.isFailed();
  }

  private static boolean render(String label, com.marcnuri.helm.TemplateCommand template, Path target) {
    try {
      final String manifests = template.withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION).call();
      Files.write(target, manifests.getBytes(StandardCharsets.UTF_8));
      System.out.printf("helm template (%s): %s -> %s%n", label, countKinds(manifests), target);
      return true;
    } catch (RuntimeException | IOException exception) {
      System.out.printf("helm template (%s): FAILED %s%n", label, exception.getMessage());
      return false;
    }
  }

  private static Map<String, Integer> countKinds(String manifests) {
    final Map<String, Integer> kinds = new TreeMap<>();
    final Matcher matcher = KIND.matcher(manifests);
    while (matcher.find()) {
      kinds.merge(matcher.group(1), 1, Integer::sum);
    }
    return kinds;
  }

  static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException exception) {
          throw new UncheckedIOException(exception);
        }
      });
    } catch (IOException exception) {
      throw new UncheckedIOException(exception);
    }
  }
}
