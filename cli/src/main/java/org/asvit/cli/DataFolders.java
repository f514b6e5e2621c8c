package org.asvit.cli;

import org.asvit.io.SplitFoldersException;
import org.asvit.training.DataSources;
import org.asvit.training.LabelledImages;

import java.io.IOException;
import java.nio.file.Path;

/** Opens the labelled images of --data and --val, and says which folders to give when a folder holds splits. */
final class DataFolders {
    private DataFolders() {
    }

    /**
     * {@link DataSources#open}, with a folder of splits (train/, val/) refused naming the options to give.
     *
     * @param option the option that named {@code spec} ({@code --data}, {@code --val})
     */
    static LabelledImages open(String spec, DataSources.Role role, String option) throws IOException {
        try {
            return DataSources.open(spec, role);
        } catch (SplitFoldersException e) {
            throw splitFolders(e, option, role == DataSources.Role.TRAINING);
        }
    }

    /**
     * The one-line error for a split folder given as data: the splits found, and the options that would read
     * them ({@code --data d/train --val d/val} where the command takes validation data, else {@code --data d/train}).
     */
    static IllegalArgumentException splitFolders(SplitFoldersException e, String option, boolean takesValidation) {
        Path train = e.split("train", "training");
        Path val = e.split("val", "valid", "validation");
        String suggestion;
        if (option.equals("--val")) {
            suggestion = val == null ? "" : "--val " + val;
        } else {
            suggestion = train == null ? "" : "--data " + train + (takesValidation && val != null ? " --val " + val : "");
        }
        return new IllegalArgumentException(option + " " + e.root() + " holds the split folders "
                + String.join(", ", e.splits().stream().map(s -> s + "/").toList()) + ", not one folder per class"
                + (suggestion.isEmpty() ? "" : "; did you mean " + suggestion + "?"), e);
    }
}
