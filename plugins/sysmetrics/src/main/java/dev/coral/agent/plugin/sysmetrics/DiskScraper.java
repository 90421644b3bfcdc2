package dev.coral.agent.plugin.sysmetrics;

import java.util.List;
import java.util.function.Supplier;
import oshi.hardware.HWDiskStore;

/**
 * {@code system.disk.io.read/.write} (bytes) and {@code system.disk.operations.read/.write}
 * (completed operations) per block device, {@code {"device": "sda"}}, and as a total over the
 * reported devices (the point without attributes). Devices are listed afresh each sample, so a
 * disk attached later is picked up.
 */
final class DiskScraper implements Scraper {
    private final Supplier<List<HWDiskStore>> disks;
    private final NameFilter devices;

    /**
     * @param disks the block devices with fresh counters (OSHI's {@code getDiskStores()})
     * @param devices which kernel device names to report
     */
    DiskScraper(Supplier<List<HWDiskStore>> disks, NameFilter devices) {
        this.disks = disks;
        this.devices = devices;
    }

    @Override
    public String name() {
        return ScraperKind.DISK.key();
    }

    @Override
    public void scrape(Sample sample) {
        long readBytes = 0;
        long writeBytes = 0;
        long reads = 0;
        long writes = 0;
        for (HWDiskStore disk : disks.get()) {
            String device = deviceName(disk.getName());
            if (!devices.keeps(device)) {
                continue;
            }
            readBytes += record(sample, HostMetric.DISK_IO_READ, disk.getReadBytes(), device);
            writeBytes += record(sample, HostMetric.DISK_IO_WRITE, disk.getWriteBytes(), device);
            reads += record(sample, HostMetric.DISK_OPERATIONS_READ, disk.getReads(), device);
            writes += record(sample, HostMetric.DISK_OPERATIONS_WRITE, disk.getWrites(), device);
        }
        sample.record(HostMetric.DISK_IO_READ, readBytes);
        sample.record(HostMetric.DISK_IO_WRITE, writeBytes);
        sample.record(HostMetric.DISK_OPERATIONS_READ, reads);
        sample.record(HostMetric.DISK_OPERATIONS_WRITE, writes);
    }

    private static long record(Sample sample, HostMetric metric, long value, String device) {
        long v = Math.max(0, value);
        sample.record(metric, v, "device", device);
        return v;
    }

    /** The kernel's name ({@code sda}) rather than the path OSHI gives on Linux ({@code /dev/sda}). */
    static String deviceName(String oshiName) {
        return oshiName.startsWith("/dev/") ? oshiName.substring("/dev/".length()) : oshiName;
    }
}
