package io.keepwarm.platform.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code @RequestBody} whose items its endpoint reads and answers one by one, keeping the good ones (a batch of
 * events): a NUL character in an item is that item's mistake, which the endpoint tells with the item's others, so the
 * body is not refused whole for it as every other body is ({@link NulRefusingReader}). The endpoint must then refuse
 * every NUL itself before any of the item's text reaches the database.
 */
@Documented
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface NulsAnsweredPerItem {}
