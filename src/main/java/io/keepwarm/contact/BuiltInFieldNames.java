package io.keepwarm.contact;

import java.util.Map;
import java.util.Set;

/**
 * The names a module above this one gives the contact's own fields, segment rules' {@code country} and their
 * builder's "Email address", and the words of those rules. An attribute labelled with a field's name could not be told
 * from the field there, nor one keyed with a field's name or a word named in a rule, so the names come from where they
 * are given, not from a copy here; the import's own names are {@code ColumnMapping}'s.
 */
public interface BuiltInFieldNames {

    /** Each name a person may write or pick for a built-in field, with the field as people read it ("Email address"). */
    Map<String, String> builtInFieldNames();

    /**
     * The words segment rules read as their own and never as a field: the language's ({@code and}, {@code within},
     * {@code today}), what a rule counts ({@code opened}) and the functions it calls ({@code anniversary}).
     */
    Set<String> ruleWords();
}
