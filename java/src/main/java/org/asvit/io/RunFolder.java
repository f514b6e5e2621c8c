package org.asvit.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.InvalidSettingException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code --out} folder of a long run (search, grow, train, ...): its outputs and its checkpoint.
 *
 * <p>Nothing is lost and nothing is silently replaced. A folder that already holds files is refused
 * unless the run is resumed; a resumed run must be asked with the options it was started with (the
 * first option that differs is named). Every file is written through {@link AtomicFiles}, so a run
 * killed at any moment leaves each file either complete or as it was, and the last checkpoint is
 * always readable.
 *
 * <p>An open run folder is held by this process ({@link OutputLock}) until {@link #close}: a second run on
 * the same folder is refused, naming the first's process.
 *
 * <p>Messages name the folder {@code runFolder} and the resume flag {@code resume} as
 * {@link InvalidSettingException} settings, so a front end names them its own way (the command line:
 * {@code --out}, {@code --resume}). Tables and plots are the front end's: this class writes JSON only, so the
 * library needs no CSV or chart dependency.
 *
 * <p>The checkpoint ({@value #CHECKPOINT}) holds the run's command, its options and a state object
 * that the run defines; {@link #checkpoint()} returns that state.
 */
public final class RunFolder implements AutoCloseable {
    /** The checkpoint's file name. */
    public static final String CHECKPOINT = "checkpoint.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final String command;
    private final Map<String, String> options;
    private final ObjectNode state;
    private final OutputLock lock;

    private RunFolder(Path dir, String command, Map<String, String> options, ObjectNode state, OutputLock lock) {
        this.dir = dir;
        this.command = command;
        this.options = Map.copyOf(options);
        this.state = state;
        this.lock = lock;
    }

    /**
     * For commands whose {@code --out} folder is optional: refuses {@code --resume} without one, before any
     * work is done.
     *
     * @throws IllegalArgumentException if {@code resume} is set and {@code dir} is null
     */
    public static void requireFolderToResume(Path dir, boolean resume) {
        if (resume && dir == null) {
            throw new InvalidSettingException("{resume} needs {runFolder} DIR, the folder of the run to continue");
        }
    }

    /**
     * Opens the folder of a run, creating it when needed.
     *
     * @param dir     the folder ({@code --out})
     * @param command the command that owns the run, e.g. {@code search}; a checkpoint of another command is refused
     * @param options the options that determine the run's results, by their command-line names
     *                (e.g. {@code --seed} -> {@code 0}); a resumed run must be given the same values
     * @param resume  whether to continue the run whose checkpoint is in the folder
     * @throws IllegalArgumentException if the folder holds files and {@code resume} is false, if it is a
     *                                  file, cannot be made or written, is held by another run, if
     *                                  {@code resume} finds nothing to resume, if its checkpoint is empty,
     *                                  unreadable or of another command, or if an option differs from the
     *                                  checkpoint's
     */
    public static RunFolder open(Path dir, String command, Map<String, String> options, boolean resume)
            throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidSettingException("{runFolder} " + dir + " is a file, not a folder");
        }
        if (resume && (!Files.isDirectory(dir) || isEmpty(dir))) {
            throw new InvalidSettingException("{resume}: nothing to resume in " + dir + " ("
                    + (Files.isDirectory(dir) ? "the folder is empty" : "no such folder")
                    + "); leave out {resume} to start a run there");
        }
        OutputFolders.create(dir, "{runFolder}");
        // Held before anything is read, so that two runs started together cannot both pass the checks below.
        OutputLock lock = OutputLock.folder(dir, "{runFolder}");
        try {
            return new RunFolder(dir, command, options, resume ? savedState(dir, command, options) : requireEmpty(dir),
                    lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static ObjectNode requireEmpty(Path dir) throws IOException {
        if (!isEmpty(dir)) {
            Path checkpoint = dir.resolve(CHECKPOINT);
            throw new InvalidSettingException("{runFolder} " + dir + " already holds files"
                    + (Files.exists(checkpoint) ? " of a " + describe(checkpoint) + " run" : "")
                    + "; pass {resume} to continue that run, or choose another folder");
        }
        return null;
    }

    private static ObjectNode savedState(Path dir, String command, Map<String, String> options) throws IOException {
        Path checkpoint = dir.resolve(CHECKPOINT);
        if (!Files.exists(checkpoint)) {
            throw new InvalidSettingException("{resume}: {runFolder} " + dir + " holds files but no " + CHECKPOINT
                    + ", so there is no run to continue; choose another folder");
        }
        JsonNode saved = readCheckpoint(checkpoint);
        String savedCommand = saved.path("command").asText();
        if (!command.equals(savedCommand)) {
            throw new InvalidSettingException("{resume}: {runFolder} " + dir + " holds a '" + savedCommand
                    + "' run, not a '" + command + "' run");
        }
        requireSameOptions(dir, options, saved.path("options"));
        JsonNode savedState = saved.get("state");
        if (!(savedState instanceof ObjectNode objectState)) {
            throw new InvalidSettingException("{resume}: " + checkpoint + " has no state object; the file is corrupt");
        }
        return objectState;
    }

    /** Releases the folder for other runs. */
    @Override
    public void close() {
        lock.close();
    }

    /** The state saved by the last {@link #saveCheckpoint}, when the run is resumed from one. */
    public Optional<ObjectNode> checkpoint() {
        return Optional.ofNullable(state);
    }

    /** Saves the run's state with its command and options, atomically. */
    public void saveCheckpoint(ObjectNode runState) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("command", command);
        ObjectNode opts = root.putObject("options");
        options.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> opts.put(e.getKey(), e.getValue()));
        root.set("state", runState);
        writeJson(CHECKPOINT, root);
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    /** A file of the folder. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Writes {@code node} as indented JSON to {@code name}, atomically. */
    public void writeJson(String name, JsonNode node) throws IOException {
        AtomicFiles.write(file(name), out -> JSON.writeValue(out, node));
    }

    private static void requireSameOptions(Path dir, Map<String, String> now, JsonNode saved) {
        Map<String, String> before = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = saved.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            before.put(e.getKey(), e.getValue().asText());
        }
        for (String name : now.keySet().stream().sorted().toList()) {
            String was = before.get(name);
            if (!now.get(name).equals(was)) {
                throw new InvalidSettingException("{resume}: option " + name + " is " + now.get(name)
                        + " but the run in " + dir + " was started with " + (was == null ? "no such option" : was)
                        + "; resume with the same options, or choose another {runFolder}");
            }
        }
        for (String name : before.keySet()) {
            if (!now.containsKey(name)) {
                throw new InvalidSettingException("{resume}: the run in " + dir + " was started with option " + name
                        + " = " + before.get(name) + ", which this command does not take; choose another {runFolder}");
            }
        }
    }

    private static JsonNode readCheckpoint(Path checkpoint) throws IOException {
        try {
            JsonNode node = JSON.readTree(checkpoint.toFile());
            if (node == null || node.isMissingNode()) {
                throw new InvalidSettingException("{resume}: " + checkpoint + " is empty; the checkpoint is empty or "
                        + "corrupt (a run killed as it was first written leaves none: start again without {resume})");
            }
            if (!node.isObject()) {
                throw new InvalidSettingException("{resume}: " + checkpoint + " is not a JSON object; the checkpoint is "
                        + "corrupt");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidSettingException("{resume}: " + checkpoint + " is not valid JSON (" + e.getOriginalMessage()
                    + "); the checkpoint is corrupt", e);
        }
    }

    private static String describe(Path checkpoint) {
        try {
            String command = JSON.readTree(checkpoint.toFile()).path("command").asText();
            return command.isEmpty() ? "previous" : "'" + command + "'";
        } catch (IOException e) {
            return "previous";
        }
    }

    /** Whether the folder holds nothing but a lock file (which a killed run leaves behind). */
    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.allMatch(OutputLock::isLockFile);
        }
    }
}
