package io.keepwarm.content;

/**
 * Makes the links of a piece for one contact: the tracking module signs those of mail that is sent; for previews,
 * {@code PreviewLinks} builds unsigned ones that lead to the landing page's preview or nowhere.
 */
public interface LinkSource {

    Links linksFor(ContentItem item, long contactId);
}
