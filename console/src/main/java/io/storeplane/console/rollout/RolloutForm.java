package io.storeplane.console.rollout;

import io.quarkus.qute.TemplateData;
import io.storeplane.console.page.FormRules;
import io.storeplane.error.FieldFailure;
import io.storeplane.fleet.rollout.RolloutPlan;
import io.storeplane.fleet.rollout.StoreSelection;
import jakarta.ws.rs.FormParam;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The form that starts a rollout, as posted: read into a {@link RolloutPlan} (the REST API's
 * request, field for field: the version, a selector by plans, engines, servers and stores, the
 * canary and its soak, the waves, the failure rate and what passing it does, the clean preflight),
 * or into a sentence per field that cannot be read. The plan's own rules (increasing percents, the
 * parallelism's bounds, names that exist) stay with the fleet's services, whose refusals name the
 * field as a {@link FieldFailure} ({@link #fieldOf}).
 */
public class RolloutForm {

  /** Wave rows the form offers; rows left empty are ignored. */
  static final int WAVE_ROWS = 4;

  private static final int MAX_STORES = 10_000;
  private static final int MAX_NAME = 64;
  private static final long MAX_SOAK_MINUTES = RolloutPlan.MAX_SOAK.toMinutes();

  @FormParam("csrf")
  String csrf;

  @FormParam("targetVersion")
  String targetVersion;

  @FormParam("plans")
  List<String> plans;

  @FormParam("engines")
  List<String> engines;

  @FormParam("servers")
  List<String> servers;

  @FormParam("stores")
  String stores;

  @FormParam("canaryCount")
  String canaryCount;

  @FormParam("canarySoak")
  String canarySoak;

  @FormParam("wavePercent")
  List<String> wavePercent;

  @FormParam("waveParallelism")
  List<String> waveParallelism;

  @FormParam("maxFailureRate")
  String maxFailureRate;

  @FormParam("onFailure")
  String onFailure;

  @FormParam("requireCleanPreflight")
  String requireCleanPreflight;

  /** One wave row as entered. */
  @TemplateData
  public record WaveEntry(String percent, String parallelism) {}

  /** What the form shows back: everything as entered. */
  @TemplateData
  public record Entry(
      String targetVersion,
      List<String> plans,
      List<String> engines,
      List<String> servers,
      String stores,
      String canaryCount,
      String canarySoak,
      List<WaveEntry> waves,
      String maxFailureRate,
      String onFailure,
      boolean requireCleanPreflight) {

    /** The form as first shown: the current version, one wave to 100 %, pause on any failure. */
    static Entry blank(int currentVersion) {
      List<WaveEntry> waves = new ArrayList<>();
      waves.add(new WaveEntry("100", "4"));
      while (waves.size() < WAVE_ROWS) {
        waves.add(new WaveEntry("", ""));
      }
      return new Entry(
          String.valueOf(currentVersion),
          List.of(),
          List.of(),
          List.of(),
          "",
          "1",
          "10",
          waves,
          "5",
          "pause",
          true);
    }
  }

  /** The form's values as entered, for showing back. */
  Entry entry() {
    List<WaveEntry> waves = new ArrayList<>();
    List<String> percents = list(wavePercent);
    List<String> parallelisms = list(waveParallelism);
    for (int i = 0; i < Math.max(WAVE_ROWS, Math.max(percents.size(), parallelisms.size())); i++) {
      waves.add(
          new WaveEntry(
              i < percents.size() ? FormRules.strip(percents.get(i)) : "",
              i < parallelisms.size() ? FormRules.strip(parallelisms.get(i)) : ""));
    }
    return new Entry(
        FormRules.strip(targetVersion),
        stripped(plans),
        stripped(engines),
        stripped(servers),
        FormRules.strip(stores),
        FormRules.strip(canaryCount),
        FormRules.strip(canarySoak),
        List.copyOf(waves),
        FormRules.strip(maxFailureRate),
        FormRules.strip(onFailure),
        requireCleanPreflight != null);
  }

  /**
   * The form read as far as a preflight needs (the version and the stores), with the sentence of
   * each field that cannot be read.
   *
   * @param slugs the ids of the stores with the given slugs, by slug (a slug with none absent),
   *     asked once for every slug the form names
   */
  Read<Selected> selected(Function<Collection<String>, Map<String, UUID>> slugs) {
    Entry entry = entry();
    Map<String, String> errors = new LinkedHashMap<>();
    Integer version = whole(entry.targetVersion(), 1, Integer.MAX_VALUE);
    if (version == null) {
      errors.put("targetVersion", "Choose the version to reach.");
    }
    List<UUID> serverIds = new ArrayList<>();
    for (String server : entry.servers()) {
      try {
        serverIds.add(UUID.fromString(server));
      } catch (IllegalArgumentException e) {
        errors.put("servers", "Choose servers from the list.");
      }
    }
    if (entry.plans().stream().anyMatch(p -> p.isEmpty() || p.length() > MAX_NAME)) {
      errors.put("plans", "Choose plans from the list.");
    }
    if (entry.engines().stream().anyMatch(e -> e.isEmpty() || e.length() > MAX_NAME)) {
      errors.put("engines", "Choose engines from the list.");
    }
    List<UUID> storeIds = new ArrayList<>();
    List<String> names =
        entry.stores().isEmpty() ? List.of() : List.of(entry.stores().split("[\\s,;]+"));
    if (names.size() > MAX_STORES) {
      errors.put("stores", "Name at most " + MAX_STORES + " stores.");
    } else {
      Map<String, UUID> bySlug =
          slugs.apply(
              names.stream()
                  .filter(name -> id(name).isEmpty() && name.length() <= MAX_NAME)
                  .distinct()
                  .toList());
      for (String name : names) {
        Optional<UUID> id = id(name).or(() -> Optional.ofNullable(bySlug.get(name)));
        if (id.isEmpty()) {
          errors.put(
              "stores",
              "No store has the slug or id "
                  + (name.length() > MAX_NAME ? name.substring(0, MAX_NAME) + "..." : name)
                  + ".");
          break;
        }
        storeIds.add(id.get());
      }
    }
    Selected selected =
        errors.isEmpty()
            ? new Selected(
                version,
                new StoreSelection(
                    entry.plans(),
                    entry.engines(),
                    serverIds,
                    storeIds.stream().distinct().toList(),
                    null))
            : null;
    return new Read<>(entry, selected, errors);
  }

  /**
   * The whole form read into a plan, with the sentence of each field that cannot be read.
   *
   * @param slugs as for {@link #selected}
   */
  Read<RolloutPlan> plan(Function<Collection<String>, Map<String, UUID>> slugs) {
    Read<Selected> selected = selected(slugs);
    Entry entry = selected.entry();
    Map<String, String> errors = new LinkedHashMap<>(selected.errors());
    Integer canary = whole(entry.canaryCount(), 0, MAX_STORES);
    if (canary == null) {
      errors.put("canaryCount", "The canary is a number of stores from 0 to " + MAX_STORES + ".");
    }
    Integer soak = whole(entry.canarySoak(), 0, (int) MAX_SOAK_MINUTES);
    if (soak == null) {
      errors.put(
          "canarySoak", "The soak is a number of minutes from 0 to " + MAX_SOAK_MINUTES + ".");
    }
    List<RolloutPlan.Wave> waves = new ArrayList<>();
    for (int i = 0; i < entry.waves().size(); i++) {
      WaveEntry row = entry.waves().get(i);
      if (row.percent().isEmpty() && row.parallelism().isEmpty()) {
        continue;
      }
      Integer percent = whole(row.percent(), 1, 100);
      Integer parallelism = whole(row.parallelism(), 1, 1000);
      if (percent == null || parallelism == null) {
        errors.put(
            "waves",
            "Wave "
                + (i + 1)
                + ": the percent is a whole number from 1 to 100 and the parallelism one from 1.");
        break;
      }
      waves.add(new RolloutPlan.Wave(percent, parallelism));
    }
    if (waves.isEmpty() && !errors.containsKey("waves")) {
      errors.put("waves", "Give at least one wave; the last one reaches 100 %.");
    }
    Integer failureRate = whole(entry.maxFailureRate(), 0, 100);
    if (failureRate == null) {
      errors.put("maxFailureRate", "The failure rate is a whole percent from 0 to 100.");
    }
    Optional<RolloutPlan.OnFailure> policy =
        switch (entry.onFailure()) {
          case "pause" -> Optional.of(RolloutPlan.OnFailure.PAUSE);
          case "continue" -> Optional.of(RolloutPlan.OnFailure.CONTINUE);
          default -> Optional.empty();
        };
    if (policy.isEmpty()) {
      errors.put("onFailure", "Choose pause or continue.");
    }
    if (!errors.isEmpty()) {
      return new Read<>(entry, null, errors);
    }
    Selected chosen = selected.value();
    return new Read<>(
        entry,
        new RolloutPlan(
            chosen.targetVersion(),
            chosen.selection(),
            new RolloutPlan.Canary(canary, Duration.ofMinutes(soak)),
            waves,
            failureRate / 100.0,
            policy.get(),
            entry.requireCleanPreflight()),
        errors);
  }

  /**
   * The form field a fleet refusal is about: the first of its {@link FieldFailure}s, named as the
   * REST request names it ({@code waves[1].percent}, {@code selector.plans}), that is one of the
   * form's; empty when it names none of them.
   */
  static Optional<String> fieldOf(List<FieldFailure> failures) {
    return failures.stream().map(f -> formField(f.field())).flatMap(Optional::stream).findFirst();
  }

  private static Optional<String> formField(String field) {
    if (field.equals("waves") || field.startsWith("waves[")) {
      return Optional.of("waves");
    }
    return Optional.ofNullable(
        switch (field) {
          case "canary.count" -> "canaryCount";
          case "canary.soak" -> "canarySoak";
          case "maxFailureRate" -> "maxFailureRate";
          case "selector.plans" -> "plans";
          case "selector.engines" -> "engines";
          case "selector.servers" -> "servers";
          case "selector.storeIds" -> "stores";
          default -> null;
        });
  }

  /** A form read: what was entered, the value when every field could be read, else why not. */
  record Read<T>(Entry entry, T value, Map<String, String> errors) {}

  /** The version and the stores, as a preflight asks for them. */
  record Selected(int targetVersion, StoreSelection selection) {}

  private static Optional<UUID> id(String name) {
    try {
      return name.length() == 36 ? Optional.of(UUID.fromString(name)) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Integer whole(String value, int min, int max) {
    if (!value.matches("[0-9]{1,9}")) {
      return null;
    }
    int number = Integer.parseInt(value);
    return number < min || number > max ? null : number;
  }

  private static List<String> list(List<String> values) {
    return values == null ? List.of() : values;
  }

  private static List<String> stripped(List<String> values) {
    return list(values).stream().map(FormRules::strip).filter(v -> !v.isEmpty()).toList();
  }
}
