package com.kontrol.database;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The data dir holds the embedded database (texts, password hashes) and the generated secret key: it and everything
 * in it are its owner's alone (0700 and 0600) on every start. The dir is closed before any bean opens the database
 * (a factory post-processor runs before beans are made), so files the database creates with wider rights are out of
 * others' reach from the first moment, and they are narrowed once the application is up. Rights found wider at a
 * start are narrowed with a warning: someone or something opened them.
 */
@Component
class DataDirPermissions implements BeanFactoryPostProcessor, EnvironmentAware {

    private static final Logger log = LoggerFactory.getLogger(DataDirPermissions.class);
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwx------");

    private Path dataDir;

    @Override
    public void setEnvironment(Environment environment) {
        this.dataDir = Path.of(environment.getProperty("kontrol.data-dir", "./data"));
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        var widened = narrow(dataDir);
        if (!widened.isEmpty()) {
            log.warn(
                    "The data dir {} held what others could read or change; made its owner's alone: {}",
                    dataDir.toAbsolutePath(),
                    widened);
        }
    }

    private static boolean othersMay(PosixFilePermission p) {
        return !p.name().startsWith("OWNER_");
    }

    /** What the database made since the start (its files, in the closed dir) is narrowed too, without a warning. */
    @EventListener
    void ready(ApplicationReadyEvent event) {
        narrow(dataDir);
    }

    /** Makes {@code dir} and everything under it its owner's alone; the paths that were wider (none when new). */
    static List<Path> narrow(Path dir) {
        var widened = new ArrayList<Path>();
        try {
            var existed = Files.isDirectory(dir);
            Files.createDirectories(dir);
            if (!Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                return widened; // Windows: the account's own profile folders are private already
            }
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    set(d, DIR);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) {
                        // the embedded PostgreSQL's programs stay runnable by their owner
                        var wanted = Files.getPosixFilePermissions(f).contains(PosixFilePermission.OWNER_EXECUTE)
                                ? EXECUTABLE
                                : FILE;
                        set(f, wanted);
                    }
                    return FileVisitResult.CONTINUE;
                }

                private void set(Path p, Set<PosixFilePermission> wanted) throws IOException {
                    var had = Files.getPosixFilePermissions(p);
                    if (had.equals(wanted)) {
                        return;
                    }
                    Files.setPosixFilePermissions(p, wanted);
                    if (existed && had.stream().anyMatch(DataDirPermissions::othersMay)) {
                        widened.add(dir.relativize(p).toString().isEmpty() ? p : dir.relativize(p));
                    }
                }
            });
        } catch (IOException e) {
            log.warn("Could not make the data dir {} its owner's alone: {}", dir.toAbsolutePath(), e.getMessage());
        }
        return widened;
    }
}
