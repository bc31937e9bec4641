@NullMarked
package io.jobtrail.application.view;

import org.jspecify.annotations.NullMarked;
