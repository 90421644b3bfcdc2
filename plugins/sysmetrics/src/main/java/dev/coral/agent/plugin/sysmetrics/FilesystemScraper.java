package dev.coral.agent.plugin.sysmetrics;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import oshi.software.os.OSFileStore;

/**
 * {@code system.disk.usage} (bytes used) and {@code system.disk.utilization} (percent) per mount
 * point, {@code {"mount": "/"}}, for local filesystems that hold data: memory and kernel
 * filesystems are left out by type ({@code filesystem.exclude-types}), network filesystems by
 * OSHI's local-only listing, since a hung NFS server must not stall the sample.
 */
final class FilesystemScraper implements Scraper {
    private final Supplier<List<OSFileStore>> stores;
    private final NameFilter mounts;
    private final NameFilter types;

    /**
     * @param stores mounted local filesystems with fresh sizes (OSHI's {@code getFileStores(true)})
     */
    FilesystemScraper(Supplier<List<OSFileStore>> stores, NameFilter mounts, NameFilter types) {
        this.stores = stores;
        this.mounts = mounts;
        this.types = types;
    }

    @Override
    public String name() {
        return ScraperKind.FILESYSTEM.key();
    }

    @Override
    public void scrape(Sample sample) {
        Set<String> seen = new HashSet<>();
        for (OSFileStore store : stores.get()) {
            String mount = store.getMount();
            if (!types.keeps(store.getType()) || !mounts.keeps(mount) || !seen.add(mount)) {
                continue; // the same mount point twice is a mount stacked on another: the first is kept
            }
            long total = store.getTotalSpace();
            if (total <= 0) {
                continue; // no size: a pseudo filesystem not in exclude-types, or statvfs was refused
            }
            long free = Math.clamp(store.getFreeSpace(), 0, total);
            long available = Math.clamp(store.getUsableSpace(), 0, free);
            long used = total - free;
            sample.record(HostMetric.DISK_USAGE, used, "mount", mount);
            // As df's Use%: blocks reserved for root are neither used nor available, so a
            // filesystem reads 100 % exactly when ordinary writes start failing.
            long capacity = used + available;
            sample.record(HostMetric.DISK_UTILIZATION, capacity == 0 ? 0.0 : 100.0 * used / capacity, "mount", mount);
        }
    }
}
