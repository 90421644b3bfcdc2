package dev.coral.agent.cli.distbuilder;

import dev.coral.agent.cli.distbuilder.fixture.DropExporterFactory;
import dev.coral.agent.cli.distbuilder.fixture.IdleReceiverFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A real PF4J plugin zip, laid out as the bundled plugins' zips are (plugin.properties at the
 * top, code under classes/), holding the fixture factories {@code idle} and {@code drop}.
 */
final class PluginZip {
    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    PluginZip(String pluginId) {
        entries.put("plugin.properties", ("plugin.id=" + pluginId + "\nplugin.version=1.0.0\nplugin.provider=tests\n")
                .getBytes(StandardCharsets.UTF_8));
        entries.put("classes/META-INF/extensions.idx", (IdleReceiverFactory.class.getName() + "\n"
                + DropExporterFactory.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        Path classes = classesDirectory();
        Path fixture = classes.resolve(IdleReceiverFactory.class.getPackageName().replace('.', '/'));
        try (Stream<Path> files = Files.list(fixture)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                entries.put("classes/" + classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds an entry as it is named, e.g. {@code ../../escaped.txt} for a zip-slip attempt. */
    PluginZip with(String name, String content) {
        entries.put(name, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    byte[] bytes() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(buffer)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static Path classesDirectory() {
        try {
            return Path.of(IdleReceiverFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
