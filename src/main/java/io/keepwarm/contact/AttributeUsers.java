package io.keepwarm.contact;

import java.util.List;

/**
 * What outside the contact module names a custom attribute (segment and fit rules, program and trigger conditions,
 * date triggers, "set attribute" steps and actions, and the text that prints it: pieces, program task steps, triggers'
 * tasks): an attribute one of them names is not removed, or each would fail on the unknown name the next time it runs.
 * Each answers in words a person recognises.
 */
public interface AttributeUsers {

    /** E.g. "trigger 'Lease renewal'"; empty when nothing names the attribute. */
    List<String> usingAttribute(String key);
}
