package io.keepwarm.content;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * A piece as it was saved, and what cleaning its HTML removed, one line per kind ("removed &lt;script&gt; (1)",
 * "removed CSS position from a style (2)"), so the author learns of it; empty when nothing was.
 */
public record SavedContent(@JsonUnwrapped ContentItem item, List<String> warnings) {}
