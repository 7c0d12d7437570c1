package org.lafs.gbs;

import java.nio.charset.StandardCharsets;

/**
 * The version document (spec section 3.1). Sizes above {@link Long#MAX_VALUE} (Tahoe says 2^64
 * when it cannot tell) are read as {@link Long#MAX_VALUE}.
 *
 * @param applicationVersion the raw {@code application-version} byte string
 */
public record VersionInfo(long maximumImmutableShareSize, long maximumMutableShareSize,
                          long availableSpace, byte[] applicationVersion) {
    public VersionInfo {
        applicationVersion = applicationVersion.clone();
    }

    @Override
    public byte[] applicationVersion() {
        return applicationVersion.clone();
    }

    /** The application version as text (UTF-8, malformed bytes replaced). */
    public String applicationVersionText() {
        return new String(applicationVersion, StandardCharsets.UTF_8);
    }

    /** A Tahoe uploader treats a server as read-only for shares larger than this (section 3.1). */
    public boolean canHold(long allocatedSize) {
        return maximumImmutableShareSize >= allocatedSize;
    }

    @Override
    public String toString() {
        return "VersionInfo[maxImmutable=" + maximumImmutableShareSize + ", maxMutable="
                + maximumMutableShareSize + ", available=" + availableSpace + ", app="
                + applicationVersionText() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionInfo v && v.maximumImmutableShareSize == maximumImmutableShareSize
                && v.maximumMutableShareSize == maximumMutableShareSize
                && v.availableSpace == availableSpace
                && java.util.Arrays.equals(v.applicationVersion, applicationVersion);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(maximumImmutableShareSize) * 31 + java.util.Arrays.hashCode(applicationVersion);
    }
}
