package io.memorymanager;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import javax.management.MBeanOperationInfo;

/**
 * The human text JConsole, VisualVM and Hawtio show for an MXBean, one of its attributes, operations or
 * operation parameters. Put it on the MXBean interface, on the getter of an attribute, on an operation and on
 * each of the operation's parameters (there {@link #name()} is required: compiled code has no parameter names).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER})
public @interface Description {

    /** What the element is or does, with the unit where there is one. */
    String value();

    /** The parameter's name; required on parameters, ignored elsewhere. */
    String name() default "";

    /** An operation's impact: one of {@link MBeanOperationInfo#INFO}, {@code ACTION}, {@code ACTION_INFO}. */
    int impact() default MBeanOperationInfo.UNKNOWN;
}
