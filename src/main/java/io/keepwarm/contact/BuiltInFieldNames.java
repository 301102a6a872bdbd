package io.keepwarm.contact;

import java.util.Map;

/**
 * The names a module above this one gives the contact's own fields: segment rules' {@code country} and their
 * builder's "Email address". An attribute labelled with one could not be told from the field there, so the names come
 * from where they are given, not from a copy here; the import's own names are {@code ColumnMapping}'s.
 */
public interface BuiltInFieldNames {

    /** Each name a person may write or pick for a built-in field, with the field as people read it ("Email address"). */
    Map<String, String> builtInFieldNames();
}
