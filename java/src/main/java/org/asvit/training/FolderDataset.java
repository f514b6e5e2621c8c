package org.asvit.training;

import org.asvit.io.ImageFolder;
import org.asvit.io.RgbImages;
import org.asvit.io.TensorData;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An ImageFolder tree (one subfolder per class, JPEG/PNG files) listed by {@link ImageFolder}; each image
 * is decoded when a batch needs it, as RGB (grey replicated), and resized to the training side.
 */
public final class FolderDataset implements LabelledImages {
    private final ImageFolder folder;

    private FolderDataset(ImageFolder folder) {
        this.folder = folder;
    }

    /**
     * Lists a class tree.
     *
     * @throws IOException when the folder is missing, holds no images, has a class without images, or is a
     *                     flat folder of images (training needs classes)
     */
    public static FolderDataset scan(Path root) throws IOException {
        ImageFolder folder = ImageFolder.scan(root);
        if (!folder.isTree()) {
            throw new IOException("image folder " + root + " holds images but no class subfolders; training needs "
                    + "one subfolder per class (an ImageFolder tree)");
        }
        return new FolderDataset(folder);
    }

    @Override
    public int size() {
        return folder.images().size();
    }

    @Override
    public List<String> classes() {
        return folder.classes();
    }

    @Override
    public int label(int index) {
        return folder.images().get(index).label();
    }

    @Override
    public float[] image(int index, int side) throws IOException {
        TensorData rgb = RgbImages.read(folder.images().get(index).file());
        long[] shape = rgb.shape();
        return ImageResize.resize(rgb.values(), 3, (int) shape[1], (int) shape[2], side);
    }

    @Override
    public String describe() {
        return "image folder " + folder.root() + " (" + size() + " images, " + classes().size() + " classes)";
    }
}
