package org.asvit.cli;

import org.asvit.InvalidSettingException;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.search.SearchConfig;
import org.asvit.study.StudyTopologies;
import org.asvit.training.TrainingSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** File-system failures read as words, never as Java exception names; library settings as the user's flags. */
@Tag("fast")
class ErrorReporterTest {
    @Test
    void fileSystemFailuresAreWords() {
        assertEquals("not a folder: a.png", ErrorReporter.describe(new NotDirectoryException("a.png")));
        assertEquals("already exists: out", ErrorReporter.describe(new FileAlreadyExistsException("out")));
        assertEquals("folder not empty: out", ErrorReporter.describe(new DirectoryNotEmptyException("out")));
        assertEquals("cannot access x", ErrorReporter.describe(new FileSystemException("x")));
        assertEquals("cannot access x: Read-only file system",
                ErrorReporter.describe(new FileSystemException("x", null, "Read-only file system")));
    }

    @Test
    void libraryErrorsNameSettingsAndTheCommandLineNamesItsFlags() {
        InvalidSettingException search = assertThrows(InvalidSettingException.class,
                () -> new SearchConfig(5, 0.1, SearchConfig.PAPER_WINDOW, SearchConfig.PAPER_MOMENTUM, 1,
                        EvaluationSettings.defaults(32), 0));
        assertEquals("samplesPerStep must be at least 1, got 0", search.getMessage());
        assertEquals("--samples-per-step must be at least 1, got 0", ErrorReporter.describe(search));
        InvalidSettingException training = assertThrows(InvalidSettingException.class,
                () -> new TrainingSettings(3, 8, 0.001, 0.05, 3, 0.1, false, 1));
        assertEquals("warmupEpochs must be in 0..2 (fewer epochs than epochs 3), got 3", training.getMessage());
        assertEquals("--warmup must be in 0..2 (fewer epochs than --epochs 3), got 3", ErrorReporter.describe(training));
        InvalidSettingException study = assertThrows(InvalidSettingException.class, () -> StudyTopologies.sample(2, false, 1));
        assertEquals("--topologies must be at least 3 for a rank correlation, got 2", ErrorReporter.describe(study));
    }
}
