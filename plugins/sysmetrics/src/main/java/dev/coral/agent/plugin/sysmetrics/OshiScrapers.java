package dev.coral.agent.plugin.sysmetrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import oshi.SystemInfo;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.software.os.FileSystem;

/**
 * The scrapers on the real host, backed by OSHI. Nothing native is touched here: OSHI creates
 * its platform objects on first use, inside a scraper's {@code scrape}, so a part OSHI cannot
 * serve (a missing library, an unsupported call) fails that scraper only.
 */
final class OshiScrapers {
    static final Path PROC_NET_DEV = Path.of("/proc/net/dev");

    private OshiScrapers() {}

    /** The enabled scrapers, in a stable order (cpu, memory, disk, filesystem, network, load). */
    static List<Scraper> open(SysmetricsConfig config) {
        // Created once per receiver: OSHI caches device lists and static facts inside.
        SystemInfo system = new SystemInfo();
        List<Scraper> out = new ArrayList<>();
        for (ScraperKind kind : ScraperKind.values()) {
            if (config.enabled(kind)) {
                out.add(create(kind, system, config));
            }
        }
        return out;
    }

    private static Scraper create(ScraperKind kind, SystemInfo system, SysmetricsConfig config) {
        return switch (kind) {
            case CPU -> new CpuScraper(() -> hardware(system).getProcessor().getSystemCpuLoadTicks());
            case MEMORY -> new MemoryScraper(() -> hardware(system).getMemory());
            case DISK -> new DiskScraper(() -> hardware(system).getDiskStores(), config.disks());
            case FILESYSTEM -> new FilesystemScraper(() -> fileSystem(system).getFileStores(true), config.mounts(),
                    config.filesystemTypes());
            case NETWORK -> new NetworkScraper(networkSource(system), config.interfaces());
            case LOAD -> new LoadScraper(() -> hardware(system).getProcessor().getSystemLoadAverage(3));
        };
    }

    private static NetworkScraper.Source networkSource(SystemInfo system) {
        if (Files.isReadable(PROC_NET_DEV)) {
            return new ProcNetDev(PROC_NET_DEV);
        }
        return () -> hardware(system).getNetworkIFs(true).stream().map(InterfaceCounters::of).toList();
    }

    private static HardwareAbstractionLayer hardware(SystemInfo system) {
        return system.getHardware();
    }

    private static FileSystem fileSystem(SystemInfo system) {
        return system.getOperatingSystem().getFileSystem();
    }
}
