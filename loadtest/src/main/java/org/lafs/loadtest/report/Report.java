package org.lafs.loadtest.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Results of one scenario run: Markdown tables for people, raw measurements for machines, and
 * charts. {@link #write} produces {@code <dir>/<scenario>-<yyyy-MM-dd-HHmm>.json}, {@code .md}
 * and the chart PNGs next to them.
 */
public final class Report {
    private final String scenario;
    private final String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"));
    private final Map<String, Object> json = new LinkedHashMap<>();
    private final List<String> markdown = new ArrayList<>();
    private final List<String> charts = new ArrayList<>();
    private final Map<String, Object> raw = new LinkedHashMap<>();

    public Report(String scenario, String commandLine) {
        this.scenario = scenario;
        json.put("scenario", scenario);
        json.put("date", stamp);
        json.put("command", commandLine);
        json.put("java", Runtime.version().toString());
        json.put("cpus", Runtime.getRuntime().availableProcessors());
        json.put("loadAverageAtStart", loadAverage());
        markdown.add("# loadtest " + scenario + " (" + stamp + ")");
        markdown.add("");
        markdown.add("Command: `" + commandLine + "`; java " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs, load average at start " + loadAverage()
                + ". Figures: median (min-max) over the runs.");
        markdown.add("");
    }

    public String baseName() {
        return scenario + "-" + stamp;
    }

    public void paragraph(String text) {
        markdown.add(text);
        markdown.add("");
    }

    /** A Markdown table; {@code rows} are already formatted cells. */
    public void table(String title, List<String> header, List<List<String>> rows) {
        markdown.add("### " + title);
        markdown.add("");
        markdown.add("| " + String.join(" | ", header) + " |");
        markdown.add("|" + "---|".repeat(header.size()));
        for (List<String> r : rows) {
            markdown.add("| " + String.join(" | ", r) + " |");
        }
        markdown.add("");
    }

    /** Raw data under a key in the JSON file. */
    public void data(String key, Object value) {
        raw.put(key, value);
    }

    /** Adds a chart file (already written into the result directory) to the Markdown. */
    public void chart(String fileName, String caption) {
        charts.add(fileName);
        markdown.add("![" + caption + "](" + fileName + ")");
        markdown.add("");
    }

    /** Writes the JSON and Markdown files; returns the Markdown path. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        json.put("loadAverageAtEnd", loadAverage());
        json.put("charts", charts);
        json.put("data", raw);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(baseName() + ".json").toFile(), json);
        Path md = dir.resolve(baseName() + ".md");
        Files.writeString(md, String.join("\n", markdown) + "\n");
        return md;
    }

    /** The first three fields of /proc/loadavg (the machine is shared), or "?" elsewhere. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The Markdown so far (also printed to standard output by the scenarios). */
    public String markdown() {
        return String.join("\n", markdown);
    }
}
