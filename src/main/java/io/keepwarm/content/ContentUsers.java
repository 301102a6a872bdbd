package io.keepwarm.content;

import java.util.List;

/**
 * What outside the content module names a piece (programs' steps and pools, triggers' actions, the touches it was
 * sent in): a piece one of them names is not deleted, or a step would fail each contact it reaches, a trigger each
 * time it fires, and a sent email's landing page and one-click offer would answer "not found".
 */
public interface ContentUsers {

    /** E.g. "program 'Monthly'"; empty when nothing names the piece. */
    List<String> using(long contentId);
}
