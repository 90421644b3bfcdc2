package dev.coral.agent.plugin.sysmetrics;

import dev.coral.agent.api.config.Settings;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code sysmetrics} receiver's settings (every key is described in the plugin's README).
 *
 * @param interval time between samples; the first sample is taken at start
 * @param scrapers the scrapers that run
 * @param deltas whether the busiest counters also go out as per-interval delta points
 * @param disks which block devices the disk scraper reports ({@code disk.include-devices} /
 *     {@code exclude-devices}, matched against the kernel name, e.g. {@code sda})
 * @param mounts which mount points the filesystem scraper reports
 * @param filesystemTypes which filesystem types it reports ({@code filesystem.exclude-types})
 * @param interfaces which network interfaces the network scraper reports
 */
public record SysmetricsConfig(Duration interval, Set<ScraperKind> scrapers, boolean deltas, NameFilter disks,
        NameFilter mounts, NameFilter filesystemTypes, NameFilter interfaces) {

    /**
     * OSHI caches CPU ticks and memory figures for 300 ms: a shorter interval would repeat
     * values (and miss utilization). Host metrics faster than this help nobody anyway.
     */
    static final Duration MIN_INTERVAL = Duration.ofMillis(500);

    /**
     * Block devices that are not physical disks, or that would count the same I/O twice in the
     * all-disks total (device-mapper and md sit on top of real disks).
     */
    static final List<String> DEFAULT_EXCLUDE_DEVICES = List.of("loop*", "ram*", "zram*", "dm-*", "md*", "sr*");

    /** Filesystems that hold no disk data (memory, kernel views) or repeat another mount's. */
    static final List<String> DEFAULT_EXCLUDE_TYPES = List.of("tmpfs", "devtmpfs", "ramfs", "overlay", "squashfs",
            "proc", "sysfs", "cgroup", "cgroup2", "devpts", "mqueue", "debugfs", "tracefs", "securityfs", "pstore",
            "bpf", "autofs", "fusectl", "configfs", "hugetlbfs", "nsfs", "binfmt_misc", "efivarfs", "rpc_pipefs",
            "selinuxfs", "fuse.lxcfs", "fuse.portal", "iso9660");

    static final List<String> DEFAULT_EXCLUDE_INTERFACES = List.of("lo");

    public SysmetricsConfig {
        scrapers = Set.copyOf(scrapers);
    }

    public static SysmetricsConfig defaults() {
        return new SysmetricsConfig(Duration.ofSeconds(15), EnumSet.allOf(ScraperKind.class), true,
                NameFilter.of(List.of(), DEFAULT_EXCLUDE_DEVICES), NameFilter.all(),
                NameFilter.of(List.of(), DEFAULT_EXCLUDE_TYPES), NameFilter.of(List.of(), DEFAULT_EXCLUDE_INTERFACES));
    }

    public boolean enabled(ScraperKind kind) {
        return scrapers.contains(kind);
    }

    /** The interval as a person writes it: {@code 15s}, {@code 400ms}. */
    public String intervalText() {
        long ms = interval.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** Reads the settings over the defaults; each bad value is recorded with file, line and key. */
    static SysmetricsConfig read(Settings s, SysmetricsConfig d) {
        Duration interval = s.duration("interval", d.interval, i -> i.compareTo(MIN_INTERVAL) >= 0,
                "a duration of at least " + MIN_INTERVAL.toMillis() + "ms");
        boolean deltas = s.flag("deltas", d.deltas);

        Settings scraperBlock = s.section("scrapers");
        EnumSet<ScraperKind> scrapers = EnumSet.noneOf(ScraperKind.class);
        for (ScraperKind kind : ScraperKind.values()) {
            if (scraperBlock.flag(kind.key(), d.enabled(kind))) {
                scrapers.add(kind);
            }
        }
        if (scrapers.isEmpty()) {
            s.reject("scrapers", "at least one scraper set to true");
            scrapers.addAll(d.scrapers);
        }

        Settings disk = s.section("disk");
        NameFilter disks = filter(disk, "include-devices", d.disks.include(), "exclude-devices", d.disks.exclude());
        Settings fs = s.section("filesystem");
        NameFilter mounts = filter(fs, "include-mounts", d.mounts.include(), "exclude-mounts", d.mounts.exclude());
        NameFilter types = filter(fs, null, List.of(), "exclude-types", d.filesystemTypes.exclude());
        Settings net = s.section("network");
        NameFilter interfaces = filter(net, "include-interfaces", d.interfaces.include(), "exclude-interfaces",
                d.interfaces.exclude());
        return new SysmetricsConfig(interval, scrapers, deltas, disks, mounts, types, interfaces);
    }

    private static NameFilter filter(Settings s, String includeKey, List<String> includeDefault, String excludeKey,
            List<String> excludeDefault) {
        List<String> include = includeKey == null ? includeDefault : checked(s, includeKey, includeDefault);
        List<String> exclude = checked(s, excludeKey, excludeDefault);
        return NameFilter.of(include, exclude);
    }

    /** Reads a pattern list and compiles each pattern now, so a bad regex is a config error with a line. */
    private static List<String> checked(Settings s, String key, List<String> def) {
        List<String> patterns = s.strings(key, def);
        for (String p : patterns) {
            try {
                NameFilter.compile(p);
            } catch (PatternSyntaxException e) {
                s.reject(key, "globs or regex:<java regex> patterns (\"" + p + "\": " + e.getDescription() + ")");
                return def;
            }
        }
        return patterns;
    }
}
