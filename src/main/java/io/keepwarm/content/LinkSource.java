package io.keepwarm.content;

/**
 * Makes the links of a piece for one contact. The tracking module will sign real ones (issue 6); until then, and for
 * previews, {@code PreviewLinks} builds placeholders under {@code keepwarm.public-url}.
 */
public interface LinkSource {

    Links linksFor(ContentItem item, long contactId);
}
