package io.keepwarm.analytics;

import java.util.List;

/**
 * Which pieces of content earn attention, over a period. The period picks the touches: pieces sent (by any program
 * or trigger) in it; opens, clicks and hand-offs are what followed those touches, whenever they came. Offers are
 * accepted on a piece's landing page, which a contact may reach without a touch, so they count by when they were
 * accepted.
 *
 * @param handoffWindowDays how long after a touch a hand-off of its contact counts for the piece
 * @param pieces every piece sent or with an offer accepted in the period, those that earned hand-offs, offers, clicks
 *     and opens first
 */
public record ContentReport(Period period, int handoffWindowDays, List<Piece> pieces) {

    /**
     * One piece's figures; every count but {@code sent} counts contacts, each once.
     *
     * @param sent emails and call tasks of the piece sent in the period
     * @param contacts the contacts they went to
     * @param opened of those contacts, the ones who opened one of these emails or clicked in it (a privacy proxy's open is not counted)
     * @param clicked the ones who clicked a link in one (a link scanner's click is not counted)
     * @param offersAccepted contacts who accepted the piece's offer, or asked to be called, on its landing page in the
     *     period
     * @param handedOff of the contacts sent to, the ones handed off to sales within {@code handoffWindowDays} after
     *     being sent the piece: the piece was part of what they saw before a rep took over (not proof that it caused it)
     * @param openRate opened / contacts, null when it went to nobody; likewise clickRate and handoffRate
     */
    public record Piece(long contentId, String name, String type, String status, long sent, long contacts, long opened,
            long clicked, long offersAccepted, long handedOff, Double openRate, Double clickRate, Double handoffRate) {}
}
