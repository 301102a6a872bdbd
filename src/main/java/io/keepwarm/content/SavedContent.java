package io.keepwarm.content;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * A piece as it was saved, and its warnings: what cleaning its HTML removed, one line per kind ("removed &lt;script&gt;
 * (1)", "removed CSS position from a style (2)"), then a subject that shows a fallback ("subject: a contact without
 * contact.first_name gets its fallback ..."), so the author learns of it; empty when there is nothing to say.
 */
public record SavedContent(@JsonUnwrapped ContentItem item, List<String> warnings) {}
