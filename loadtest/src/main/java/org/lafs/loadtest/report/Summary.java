package org.lafs.loadtest.report;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Median with min and max over repeated runs: how every figure in a report is quoted. */
public record Summary(double median, double min, double max, int runs) {

    public static Summary of(List<Double> values) {
        if (values.isEmpty()) {
            return new Summary(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int n = v.length;
        double med = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new Summary(med, v[0], v[n - 1], n);
    }

    /** {@code 12.3 (11.0-13.9)} with the given decimals; just the value for one run. */
    public String format(int decimals) {
        if (runs == 0) {
            return "-";
        }
        String f = "%." + decimals + "f";
        if (runs == 1) {
            return String.format(Locale.ROOT, f, median);
        }
        return String.format(Locale.ROOT, f + " (" + f + "-" + f + ")", median, min, max);
    }
}
