package io.keepwarm.contact;

/** The type of a custom attribute; a value is checked against it before it is stored. */
public enum AttributeType {
    TEXT,
    NUMBER,
    DATE,
    BOOLEAN,
    ONE_OF
}
