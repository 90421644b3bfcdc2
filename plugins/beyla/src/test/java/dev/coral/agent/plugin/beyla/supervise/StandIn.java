package dev.coral.agent.plugin.beyla.supervise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A stand-in for the Beyla binary (a shell script): records each start's arguments, environment
 * and config file, serves until told otherwise, and on command crashes (SIGSEGV), exits with
 * code 3, ignores SIGTERM or floods its output. Commands are files in its control directory.
 */
final class StandIn {
    private static final String SCRIPT = """
            #!/bin/sh
            dir='%s'
            n=$(cat "$dir/starts" 2>/dev/null || echo 0); n=$((n+1)); echo "$n" > "$dir/starts.tmp"; mv "$dir/starts.tmp" "$dir/starts"
            echo "$$" > "$dir/pid.tmp"; mv "$dir/pid.tmp" "$dir/pid"
            printf '%%s\\n' "$@" > "$dir/args.$n"
            env > "$dir/env.$n"
            for a in "$@"; do case "$a" in --config=*) cp "${a#--config=}" "$dir/config.$n.yml";; esac; done
            date +%%s%%N >> "$dir/start-times"
            if [ -e "$dir/ignore-term" ]; then trap '' TERM; else trap 'echo "TERM $$" >> "$dir/events"; exit 0' TERM; fi
            echo "time=now level=INFO msg=\\"stand-in started\\" run=$n"
            touch "$dir/ready.$n"
            if [ -e "$dir/flood" ]; then i=0; while [ $i -lt 300 ]; do echo "flood line $i"; i=$((i+1)); done; touch "$dir/flood-done"; fi
            while :; do
              if [ -e "$dir/crash" ]; then echo "time=now level=ERROR msg=crashing"; kill -SEGV $$; fi
              if [ -e "$dir/exit" ]; then exit 3; fi
              sleep 0.05
            done
            """;

    final Path dir;
    final Path binary;

    StandIn(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.binary = dir.resolve("beyla");
        Files.writeString(binary, SCRIPT.formatted(dir));
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Creates (or removes) a command file: crash, exit, ignore-term, flood. */
    void command(String name, boolean on) throws IOException {
        if (on) {
            Files.writeString(dir.resolve(name), "");
        } else {
            Files.deleteIfExists(dir.resolve(name));
        }
    }

    int starts() throws IOException {
        Path f = dir.resolve("starts");
        return Files.exists(f) ? Integer.parseInt(Files.readString(f).trim()) : 0;
    }

    /** Whether run {@code run} has set up its signal handling (only then is SIGTERM meaningful). */
    boolean ready(int run) {
        return Files.exists(dir.resolve("ready." + run));
    }

    long pid() throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("pid")).trim());
    }

    List<String> args(int run) throws IOException {
        return Files.readAllLines(dir.resolve("args." + run));
    }

    List<String> env(int run) throws IOException {
        return Files.readAllLines(dir.resolve("env." + run));
    }

    String config(int run) throws IOException {
        return Files.readString(dir.resolve("config." + run + ".yml"));
    }

    /** Start times in nanoseconds since the epoch, one per run. */
    List<Long> startTimes() throws IOException {
        Path f = dir.resolve("start-times");
        return Files.exists(f) ? Files.readAllLines(f).stream().map(String::trim).map(Long::parseLong).toList() : List.of();
    }

    String events() throws IOException {
        Path f = dir.resolve("events");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
