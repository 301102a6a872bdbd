package io.keepwarm.delivery;

/**
 * The tracked addresses an email carries, made by the tracking module: a signed click address for each link of the
 * message (by its index in the message's stored links) and the open pixel.
 */
public interface LinkTracking {

    String clickUrl(long touchId, int linkIndex);

    String openPixelUrl(long touchId);
}
