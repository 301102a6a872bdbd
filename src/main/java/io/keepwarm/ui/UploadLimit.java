package io.keepwarm.ui;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The most one uploaded file may be (spring.servlet.multipart.max-file-size), in words ("1 GB"): the upload page
 * states it, and an upload over it is refused with it.
 */
@Component
class UploadLimit {

    private final DataSize max;

    UploadLimit(@Value("${spring.servlet.multipart.max-file-size:1MB}") DataSize max) {
        this.max = max;
    }

    @Override
    public String toString() {
        long bytes = max.toBytes();
        if (bytes >= DataSize.ofGigabytes(1).toBytes() && bytes % DataSize.ofGigabytes(1).toBytes() == 0) {
            return max.toGigabytes() + " GB";
        }
        if (bytes >= DataSize.ofMegabytes(1).toBytes() && bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
            return max.toMegabytes() + " MB";
        }
        if (bytes >= DataSize.ofKilobytes(1).toBytes() && bytes % DataSize.ofKilobytes(1).toBytes() == 0) {
            return max.toKilobytes() + " KB";
        }
        return bytes + " bytes";
    }
}
